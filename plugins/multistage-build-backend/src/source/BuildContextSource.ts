/*
 * Where a build's context comes from: for a `file:` source, the entity's
 * directory, which must lie under the allowed roots (symlinks followed); for
 * a `url:` source, the tree read through Backstage's UrlReaderService into a
 * temporary directory that is removed after the build.
 */
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveUnderAllowedRoots } from './allowedPath';
import { dockerfilePathOf } from './DockerfileSource';
import { entitySource } from './entitySource';

export interface ResolvedContext {
  /** The context directory on this machine. */
  dir: string;
  /** The Dockerfile, relative to `dir`. */
  dockerfile: string;
  /** Removes what was fetched for the build, if anything. */
  cleanup(): Promise<void>;
}

export class BuildContextSource {
  constructor(private readonly options: { urlReader: UrlReaderService; allowedRoots: string[] }) {}

  async resolve(entity: Entity): Promise<ResolvedContext> {
    const ref = stringifyEntityRef(entity);
    const dockerfile = dockerfilePathOf(entity);
    const source = entitySource(entity, 'build from');

    if (source.type === 'file') {
      const { baseDir } = source;
      const what = `${ref} build context`;
      const context = await resolveUnderAllowedRoots({ baseDir, relativePath: '.', allowedRoots: this.options.allowedRoots, what });
      // The Dockerfile must be inside the context and under the roots as well.
      await resolveUnderAllowedRoots({ baseDir, relativePath: dockerfile, allowedRoots: this.options.allowedRoots, what });
      return { dir: context.path, dockerfile, cleanup: async () => {} };
    }

    if (source.type === 'url') {
      const tree = await this.options.urlReader.readTree(source.baseUrl);
      const dir = await mkdtemp(join(tmpdir(), 'stagecraft-context-'));
      try {
        await tree.dir({ targetDir: dir });
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
      return { dir, dockerfile, cleanup: () => rm(dir, { recursive: true, force: true }) };
    }

    throw new InputError(`${ref}: source location type '${source.kind}' cannot be built`);
  }
}
