/*
 * Who may do what with an entity's builds. Every route that returns or
 * changes an entity's data asks here first:
 *   1. can the caller see the entity in the catalog (the catalog answers with
 *      the caller's own credentials, so its permission policy applies)? If
 *      not, 404: the entity does not exist for them;
 *   2. does our permission, authorized with the entity's ref as resourceRef,
 *      allow the action? Policies can then decide per entity (owner-only,
 *      through the catalog's conditions). If not, 403 naming the permission.
 * Lists are filtered the same way, in two batch calls (one catalog query for
 * the refs in the page, one authorize call with a resourceRef per entity),
 * rather than one call per row.
 */
import type { BackstageCredentials, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef, type CompoundEntityRef, type Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult, type BasicPermission, type ResourcePermission } from '@backstage/plugin-permission-common';
import type express from 'express';

export type EntityPermission = ResourcePermission<'catalog-entity'>;

/** Resource refs per authorize request: 250 of them are about 60 kB of JSON. */
export const authorizeChunk = 250;

export class EntityAccess {
  constructor(
    private readonly deps: { httpAuth: HttpAuthService; permissions: PermissionsService; catalog: CatalogService },
  ) {}

  /** A plugin-wide permission (analysing posted text, the engine's status, pruning); 403 naming it. */
  async authorize(req: express.Request, permission: BasicPermission): Promise<BackstageCredentials> {
    const credentials = await this.deps.httpAuth.credentials(req);
    const [decision] = await this.deps.permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) throw new NotAllowedError(`Missing permission ${permission.name}`);
    return credentials;
  }

  /** The entity, when the caller can see it (404 otherwise) and `permission` allows the action on it (403 otherwise). */
  async entity(
    req: express.Request,
    ref: CompoundEntityRef | string,
    permission: EntityPermission | BasicPermission,
  ): Promise<{ entity: Entity; credentials: BackstageCredentials }> {
    const credentials = await this.deps.httpAuth.credentials(req);
    const entity = await this.deps.catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${typeof ref === 'string' ? ref : stringifyEntityRef(ref)} in the catalog`);
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await this.deps.permissions.authorize(
      [permission.type === 'resource' ? { permission, resourceRef: entityRef } : { permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name} on ${entityRef}`);
    }
    return { entity, credentials };
  }

  /** Of `entityRefs`, those the caller can see in the catalog and may use `permission` on. */
  async visible(
    credentials: BackstageCredentials,
    entityRefs: string[],
    permission: EntityPermission,
  ): Promise<Set<string>> {
    const refs = [...new Set(entityRefs)].filter(isEntityRef);
    if (refs.length === 0) return new Set();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
      { credentials },
    );
    const seen = refs.filter((_, i) => items[i] !== undefined && items[i] !== null);
    if (seen.length === 0) return new Set();
    // In chunks, side by side: the permission backend refuses request bodies over 100 kB (a 413), about 450 entities' worth.
    const chunks: string[][] = [];
    for (let i = 0; i < seen.length; i += authorizeChunk) chunks.push(seen.slice(i, i + authorizeChunk));
    const decisions = (
      await Promise.all(
        chunks.map(chunk => this.deps.permissions.authorize(chunk.map(resourceRef => ({ permission, resourceRef })), { credentials })),
      )
    ).flat();
    return new Set(seen.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
  }
}

function isEntityRef(ref: string): boolean {
  try {
    parseEntityRef(ref);
    return true;
  } catch {
    return false;
  }
}
