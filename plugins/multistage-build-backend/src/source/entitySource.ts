import {
  ANNOTATION_LOCATION,
  Entity,
  getEntitySourceLocation,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { dirname, resolve } from 'node:path';
import { leavesRepository } from './repositoryLocation';

/** Where an entity's files are: a local directory (`file:`) or a URL (`url:`). */
export type EntitySource =
  | { type: 'file'; baseDir: string }
  | { type: 'url'; baseUrl: string }
  | { type: 'other'; kind: string };

/** What reading an entity's files needs, for the Dockerfile and the build context alike. */
export interface SourceReadOptions {
  urlReader: UrlReaderService;
  /** Resolves `url:` paths the way each SCM host lays out its URLs. */
  integrations: ScmIntegrationRegistry;
  /** Trust absolute source locations outside the repository the entity was read from. */
  trustSourceLocation?: boolean;
  /** Directories local (`file:`) sources may lie under. */
  allowedRoots: string[];
}

const isAbsoluteUrl = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value);

/**
 * The entity's source location. A managed-by location names the catalog file;
 * its directory is the source. A relative source location (`url:./`, as a
 * repository's own catalog file may say) is resolved against the location the
 * entity was read from, with the SCM integrations' rules. `purpose` completes
 * the error message.
 */
export function entitySource(
  entity: Entity,
  purpose: string,
  integrations?: ScmIntegrationRegistry,
  options: { trustSourceLocation?: boolean } = {},
): EntitySource {
  const ref = stringifyEntityRef(entity);
  let source: { type: string; target: string };
  try {
    source = getEntitySourceLocation(entity);
  } catch (e) {
    throw new InputError(`${ref} has no source location to ${purpose}: ${e}`);
  }
  const where = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  const location = where ? parseLocationRef(where) : undefined;
  /** Why `target` leaves the repository and ref the entity was read from; null when it stays. */
  const leavesLocation = (target: string) =>
    location?.type === 'url' && integrations
      ? leavesRepository(new URL(location.target), new URL(target), integrations.byUrl(location.target)?.type)
      : null;

  if (source.type === 'url' && !isAbsoluteUrl(source.target)) {
    if (!location) throw new InputError(`${ref}: its source location '${source.target}' is relative, and it has no location to resolve it against`);
    if (location.type === 'file') {
      source = { type: 'file', target: `${resolve(dirname(location.target), source.target)}/` };
    } else if (location.type === 'url' && integrations) {
      const resolved = integrations.resolveUrl({ url: source.target, base: location.target });
      const why = leavesLocation(resolved);
      if (why) throw new InputError(`${ref}: its source location '${source.target}' is outside the repository it was read from: ${why}`);
      source = { type: 'url', target: resolved };
    } else {
      throw new InputError(`${ref}: its source location '${source.target}' is relative to a ${location.type} location, which is not supported`);
    }
  } else if (source.type === 'url' && !options.trustSourceLocation) {
    // An absolute source location must stay in the repository and ref the entity was
    // read from: otherwise anyone who can register an entity could have the backend
    // read another repository with its own credentials.
    const why = leavesLocation(source.target);
    if (why) {
      throw new InputError(
        `${ref}: its source location ${source.target} is outside the repository it was read from (${why}); ` +
          'set multistageBuild.trustSourceLocation to allow source locations elsewhere',
      );
    }
  }
  if (source.type === 'file') {
    return { type: 'file', baseDir: source.target.endsWith('/') ? source.target : dirname(source.target) };
  }
  if (source.type === 'url') {
    return { type: 'url', baseUrl: source.target.endsWith('/') ? source.target : `${source.target}/` };
  }
  return { type: 'other', kind: source.type };
}

/**
 * The URL of `path` (an annotation's value) under a `url:` source, resolved
 * with the SCM integrations, and refused with a 400 naming the annotation when
 * it is absolute or leaves the source's repository and ref.
 */
export function containedUrl(options: {
  baseUrl: string;
  path: string;
  integrations: ScmIntegrationRegistry;
  /** e.g. `component:default/svc annotation stagecraft.io/dockerfile` */
  what: string;
}): string {
  const { baseUrl, path, integrations, what } = options;
  if (isAbsoluteUrl(path) || path.startsWith('/') || path.startsWith('\\')) {
    throw new InputError(`${what}: '${path}' must be a path relative to the entity's source location`);
  }
  const resolved = integrations.resolveUrl({ url: path, base: baseUrl });
  const why = leavesRepository(new URL(baseUrl), new URL(resolved), integrations.byUrl(baseUrl)?.type);
  if (why) throw new InputError(`${what}: '${path}' resolves outside the entity's own repository and ref: ${why}`);
  return resolved;
}
