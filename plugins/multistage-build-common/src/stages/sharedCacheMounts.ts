import { mountsOf } from './instructionFlags';
import type { SharedCacheMount, Stage } from './types';

/**
 * Cache mounts used by more than one stage, by `id` (or target path, BuildKit's
 * default id): they order nothing, but the stages share and contend for them.
 */
export function sharedCacheMounts(stages: Stage[]): SharedCacheMount[] {
  const users = new Map<string, Set<number>>();
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const mount of mountsOf(instruction)) {
        if (mount.type !== 'cache') continue;
        const id = mount.id ?? mount.target ?? mount.dst ?? mount.destination;
        if (!id) continue;
        users.set(id, (users.get(id) ?? new Set()).add(stage.index));
      }
    }
  }
  return [...users]
    .filter(([, set]) => set.size > 1)
    .map(([id, set]) => ({ id, stages: [...set].sort((a, b) => a - b) }));
}
