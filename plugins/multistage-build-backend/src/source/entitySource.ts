import { Entity, getEntitySourceLocation, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { dirname } from 'node:path';

/** Where an entity's files are: a local directory (`file:`) or a URL (`url:`). */
export type EntitySource =
  | { type: 'file'; baseDir: string }
  | { type: 'url'; baseUrl: string }
  | { type: 'other'; kind: string };

/**
 * The entity's source location. A managed-by location names the catalog file;
 * its directory is the source. `purpose` completes the error message.
 */
export function entitySource(entity: Entity, purpose: string): EntitySource {
  let source: { type: string; target: string };
  try {
    source = getEntitySourceLocation(entity);
  } catch (e) {
    throw new InputError(`${stringifyEntityRef(entity)} has no source location to ${purpose}: ${e}`);
  }
  if (source.type === 'file') {
    return { type: 'file', baseDir: source.target.endsWith('/') ? source.target : dirname(source.target) };
  }
  if (source.type === 'url') {
    return { type: 'url', baseUrl: source.target.endsWith('/') ? source.target : `${source.target}/` };
  }
  return { type: 'other', kind: source.type };
}
