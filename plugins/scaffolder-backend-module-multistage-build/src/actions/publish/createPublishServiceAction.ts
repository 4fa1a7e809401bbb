import type { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { AlphaEntity } from '@backstage/catalog-model/alpha';
import { ConflictError, InputError } from '@backstage/errors';
import { type CatalogService, locationSpecToMetadataName, parseEntityYaml } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { safePath } from '../workspaceFiles';
import { examples } from './examples';

export interface PublishServiceOptions {
  /** Absolute directory new services are published into, one directory each. */
  publishRoot: string;
  catalog: CatalogService;
  logger: LoggerService;
  /** How long to wait for the catalog to list the new entity. Default 30 s. */
  catalogWaitMs?: number;
}

/** A catalog entity name, which is also the directory name under the publish root. */
const serviceName = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The catalog location (from app-config) that finds every published service. */
export function publishedServicesLocation(publishRoot: string) {
  return { type: 'file', target: join(publishRoot, '*', 'catalog-info.yaml') };
}

/**
 * `multistage:service:publish`: copies the workspace into its own directory
 * under the configured publish root, a local stand-in for a Git host that
 * works offline, and asks the catalog to read it now. The catalog finds the
 * service through a file location on `<publishRoot>/*\/catalog-info.yaml`.
 */
export function createPublishServiceAction(options: PublishServiceOptions) {
  return createTemplateAction({
    id: 'multistage:service:publish',
    description: 'Publishes the workspace as a new service directory under the configured publish root and refreshes the catalog',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(serviceName, 'lowercase letters, digits and inner dashes, at most 63')
            .describe('The directory name for the service under the publish root'),
        sourcePath: z => z.string().default('.').describe('The workspace directory to publish'),
      },
      output: {
        path: z => z.string().describe('The published directory, relative to the publish root'),
        entityRef: z => z.string().describe('The entity its catalog-info.yaml describes'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      // Checked again here: the scaffolder validates input, but this name becomes a directory.
      if (!serviceName.test(name)) {
        throw new InputError(`name ${JSON.stringify(name)}: use lowercase letters, digits and inner dashes, at most 63`);
      }
      const sourcePath = ctx.input.sourcePath ?? '.';
      const source = safePath(ctx.workspacePath, sourcePath, `sourcePath ${sourcePath}`);
      // Only plain files and directories: a symlink could carry a host file into the catalog or a build.
      const files = await plainFilesUnder(source, sourcePath);
      if (!files.includes('catalog-info.yaml')) {
        throw new InputError(`${sourcePath}/catalog-info.yaml is missing from the workspace; the catalog needs it`);
      }
      const entityRef = entityRefOf(await readFile(join(source, 'catalog-info.yaml'), 'utf8'));
      ctx.output('path', name);
      ctx.output('entityRef', entityRef);
      const target = join(options.publishRoot, name);
      if (ctx.isDryRun) {
        const taken = await stat(target).then(() => true, () => false);
        ctx.logger.info(`Dry run: would publish ${entityRef} to ${name}/${taken ? ', but that name is taken' : ''}`);
        return;
      }

      await mkdir(options.publishRoot, { recursive: true });
      // Claims the name: of two tasks publishing the same name at once, one gets EEXIST.
      await mkdir(target).catch(e => {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ConflictError(`A service named ${name} was already published; choose another name`);
        }
        throw e;
      });
      try {
        for (const file of files) {
          await mkdir(dirname(join(target, file)), { recursive: true });
          await copyFile(join(source, file), join(target, file), constants.COPYFILE_EXCL);
        }
      } catch (e) {
        await rm(target, { recursive: true, force: true });
        throw e;
      }
      ctx.logger.info(`Published ${entityRef} to ${name}/ (${files.length} files)`);

      // The glob location picks the service up on its next round; ask for that round now.
      const location = `location:default/${locationSpecToMetadataName(publishedServicesLocation(options.publishRoot))}`;
      const credentials = await ctx.getInitiatorCredentials();
      try {
        await options.catalog.refreshEntity(location, { credentials });
      } catch (e) {
        options.logger.warn(`Could not refresh ${location}; the catalog finds ${entityRef} on its next round: ${e}`);
        return;
      }
      // Wait for the entity, so that the task's "open in the catalog" link works when the task ends.
      const deadline = Date.now() + (options.catalogWaitMs ?? 30_000);
      while (!(await options.catalog.getEntityByRef(entityRef, { credentials }).catch(() => undefined))) {
        if (Date.now() > deadline) {
          const errors = await catalogErrors(options.catalog, location, credentials);
          ctx.logger.warn(
            errors.length > 0
              ? `${entityRef} is not in the catalog; reading ${name}/catalog-info.yaml failed: ${errors.join('; ')}`
              : `${entityRef} is not in the catalog yet; it appears when the catalog has read ${name}/catalog-info.yaml`,
          );
          return;
        }
        await new Promise(r => setTimeout(r, 500));
      }
      ctx.logger.info(`${entityRef} is in the catalog`);
    },
  });
}

/** The processing errors the catalog reports on the location that finds published services. */
async function catalogErrors(catalog: CatalogService, location: string, credentials: BackstageCredentials): Promise<string[]> {
  const entity = await catalog.getEntityByRef(location, { credentials }).catch(() => undefined);
  const items = (entity as AlphaEntity | undefined)?.status?.items ?? [];
  return items.filter(i => i.level === 'error').map(i => i.error?.message ?? i.message);
}

/** Every file under `dir`, relative to it; refuses symlinks and anything but files and directories. */
async function plainFilesUnder(dir: string, shownAs: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, prefix))) {
    const relative = prefix ? `${prefix}/${entry}` : entry;
    const info = await lstat(join(dir, relative));
    if (info.isDirectory()) files.push(...(await plainFilesUnder(dir, shownAs, relative)));
    else if (info.isFile()) files.push(relative);
    else throw new InputError(`${shownAs}/${relative} is ${info.isSymbolicLink() ? 'a symlink' : 'not a regular file'}; only files and directories are published`);
  }
  return files;
}

function entityRefOf(catalogInfo: string): string {
  const [first] = [...parseEntityYaml(Buffer.from(catalogInfo), { type: 'file', target: 'catalog-info.yaml' })];
  if (!first || first.type !== 'entity') {
    throw new InputError(`catalog-info.yaml does not describe an entity: ${first && first.type === 'error' ? first.error.message : 'it is empty'}`);
  }
  return stringifyEntityRef(first.entity);
}
