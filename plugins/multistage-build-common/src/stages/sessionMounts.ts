import type { SessionMount } from '../api';
import { mountsOf } from './instructionFlags';
import type { Stage } from './types';

/** `required=` as Go's strconv.ParseBool reads it, false values only. */
const falseValues = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/**
 * A stage's RUN mounts that a build's BuildKit session serves, with the id
 * BuildKit resolves: a secret's `source` (`src`), else its `id`, else the
 * file name of its `target`; an SSH mount's `id`, else `default`.
 */
export function sessionMountsOf(stage: Stage): SessionMount[] {
  const mounts: SessionMount[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const mount of mountsOf(instruction)) {
      const optional = mount.required !== undefined && falseValues.has(mount.required);
      if (mount.type === 'secret') {
        const target = mount.target ?? mount.dst ?? mount.destination;
        const id = mount.source ?? mount.src ?? mount.id ?? target?.split('/').filter(Boolean).pop();
        if (id) mounts.push({ line: instruction.line, type: 'secret', id, optional });
      } else if (mount.type === 'ssh') {
        mounts.push({ line: instruction.line, type: 'ssh', id: mount.id ?? 'default', optional });
      }
    }
  }
  return mounts;
}
