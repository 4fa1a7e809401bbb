/*
 * Which annotated entities a caller may see on the org-wide page: those the
 * catalog shows them (its permission policy applies, with their own
 * credentials) and whose runs our read permission lets them read. Asked once
 * per caller for a short while, not on each of the page's requests: two batch
 * calls over up to thousands of refs are the slowest part of a request.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { multistageBuildRunsReadPermission } from '@stagecraft/plugin-multistage-build-common';
import type { FleetEntityStore } from '../database/FleetEntityStore';
import type { EntityAccess } from '../http/entityAccess';

/** Callers remembered at once; the oldest is forgotten first. */
const maxCallers = 1000;

function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  return principal.type === 'user' ? `user:${principal.userEntityRef}` : `${principal.type}:${principal.subject ?? ''}`;
}

export class VisibleEntities {
  private readonly cache = new Map<string, { refs: string[]; at: number }>();

  constructor(
    private readonly deps: {
      access: Pick<EntityAccess, 'visible'>;
      entities: Pick<FleetEntityStore, 'allRefs'>;
      /** How long a caller's visible set is reused (multistageBuild.analytics.visibilityCacheSeconds); 0 asks every time. */
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  async of(credentials: BackstageCredentials): Promise<string[]> {
    const now = (this.deps.now ?? Date.now)();
    const key = callerKey(credentials);
    const cached = this.cache.get(key);
    if (cached && now - cached.at < this.deps.ttlMs) return cached.refs;
    const all = await this.deps.entities.allRefs();
    const visible = await this.deps.access.visible(credentials, all, multistageBuildRunsReadPermission);
    const refs = all.filter(ref => visible.has(ref));
    if (this.deps.ttlMs > 0) {
      this.cache.delete(key);
      this.cache.set(key, { refs, at: now });
      if (this.cache.size > maxCallers) this.cache.delete(this.cache.keys().next().value!);
    }
    return refs;
  }
}
