import { mountsOf, type Stage } from '@stagecraft/plugin-multistage-build-common';

/** What one stage uses: the ARGs it declares, and the secrets, SSH and cache mounts of its RUNs. */
export interface StageUses {
  args: string[];
  secrets: string[];
  ssh: string[];
  caches: string[];
}

export function stageUses(stage: Stage): StageUses {
  const uses: StageUses = { args: [], secrets: [], ssh: [], caches: [] };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ARG') {
      for (const word of instruction.args) add(uses.args, word.split('=')[0]);
    }
    if (instruction.keyword !== 'RUN') continue;
    for (const mount of mountsOf(instruction)) {
      const type = mount.type ?? 'bind';
      if (type === 'secret') add(uses.secrets, mount.id ?? mount.target ?? mount.dst ?? '(unnamed)');
      if (type === 'ssh') add(uses.ssh, mount.id ?? 'default');
      // BuildKit names a cache by its id, or by its target when it has none.
      if (type === 'cache') add(uses.caches, mount.id ?? mount.target ?? mount.dst ?? mount.destination ?? '(unnamed)');
    }
  }
  return uses;
}
