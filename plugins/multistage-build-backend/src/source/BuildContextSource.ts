/*
 * Where a build's context comes from: for a `file:` source, the entity's
 * directory, which must lie under the allowed roots (symlinks followed); for
 * a `url:` source, the tree read through Backstage's UrlReaderService into a
 * temporary directory that is removed after the build.
 */
import { execFile } from 'node:child_process';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveUnderAllowedRoots } from './allowedPath';
import { dockerfilePathOf } from './DockerfileSource';
import { DOCKERFILE_ANNOTATION } from '@stagecraft/plugin-multistage-build-common';
import { defaultContextLimits, type ContextLimits } from '../engine/buildContext';
import { containedUrl, entitySource, type SourceReadOptions } from './entitySource';

export interface ResolvedContext {
  /** The context directory on this machine. */
  dir: string;
  /** The Dockerfile, relative to `dir`. */
  dockerfile: string;
  /** The source's commit, when known: the fetched tree's (its etag), or a git checkout's HEAD. */
  commit: string | null;
  /** Removes what was fetched for the build, if anything. */
  cleanup(): Promise<void>;
}

/** HEAD of the git checkout `dir` is in, or null (not a checkout, or git is missing). */
function gitHead(dir: string): Promise<string | null> {
  return new Promise(resolvePromise => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: dir, timeout: 5000 }, (err, stdout) => {
      const head = String(stdout).trim();
      resolvePromise(!err && /^[0-9a-f]{40,64}$/.test(head) ? head : null);
    });
  });
}

export class BuildContextSource {
  constructor(
    private readonly options: SourceReadOptions & {
      /** Files and bytes a fetched context may have; checked while the tree is read. */
      contextLimits?: ContextLimits;
    },
  ) {}

  async resolve(entity: Entity): Promise<ResolvedContext> {
    const ref = stringifyEntityRef(entity);
    const dockerfile = dockerfilePathOf(entity);
    const source = entitySource(entity, 'build from', this.options.integrations, {
      trustSourceLocation: this.options.trustSourceLocation,
    });

    if (source.type === 'file') {
      const { baseDir } = source;
      const what = `${ref} build context`;
      const context = await resolveUnderAllowedRoots({ baseDir, relativePath: '.', allowedRoots: this.options.allowedRoots, what });
      // The Dockerfile must be inside the context and under the roots as well.
      await resolveUnderAllowedRoots({ baseDir, relativePath: dockerfile, allowedRoots: this.options.allowedRoots, what });
      return { dir: context.path, dockerfile, commit: await gitHead(context.path), cleanup: async () => {} };
    }

    if (source.type === 'url') {
      // The Dockerfile must lie inside the tree that is fetched, in the entity's own repository.
      containedUrl({
        baseUrl: source.baseUrl,
        path: dockerfile,
        integrations: this.options.integrations,
        what: `${ref} annotation ${DOCKERFILE_ANNOTATION}`,
      });
      if (dockerfile.split('/').includes('..')) {
        throw new InputError(`${ref} annotation ${DOCKERFILE_ANNOTATION}: '${dockerfile}' must lie inside the build context`);
      }
      const limits = this.options.contextLimits ?? defaultContextLimits;
      let files = 0;
      let bytes = 0;
      // Counted while the tree is read; files past a limit are not written out.
      const tree = await this.options.urlReader.readTree(source.baseUrl, {
        filter: (_path, info) => {
          files += 1;
          bytes += info?.size ?? 0;
          return files <= limits.maxFiles && bytes <= limits.maxBytes;
        },
      });
      const dir = await mkdtemp(join(tmpdir(), 'stagecraft-context-'));
      try {
        await tree.dir({ targetDir: dir });
        if (files > limits.maxFiles || bytes > limits.maxBytes) {
          const over = files > limits.maxFiles ? `${limits.maxFiles} files (multistageBuild.builds.maxContextFiles)` : `${limits.maxBytes} bytes (multistageBuild.builds.maxContextBytes)`;
          throw new InputError(`${ref} build context: more than ${over}`);
        }
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
      // Git-backed readers answer the commit as the tree's etag.
      const commit = /^[0-9a-f]{40,64}$/.test(tree.etag) ? tree.etag : null;
      return { dir, dockerfile, commit, cleanup: () => rm(dir, { recursive: true, force: true }) };
    }

    throw new InputError(`${ref}: source location type '${source.kind}' cannot be built`);
  }
}
