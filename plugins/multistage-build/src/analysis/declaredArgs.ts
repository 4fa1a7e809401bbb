import type { StageGraph } from '@stagecraft/plugin-multistage-build-common';

/** A build arg the Dockerfile declares: where, its default, and which stages use it. */
export interface DeclaredArg {
  name: string;
  /** The first default written for it; null when declared without one. */
  defaultValue: string | null;
  /** Declared before the first FROM (usable in FROM lines). */
  global: boolean;
  /** Stages that declare it or name it in their FROM line. */
  stages: string[];
}

const stageName = (stage: { name: string | null; index: number }) => stage.name ?? `stage ${stage.index}`;

function referencesArg(text: string, name: string): boolean {
  return new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(text);
}

/** Every ARG of the file, in the order first declared. */
export function declaredArgs(graph: StageGraph): DeclaredArg[] {
  const byName = new Map<string, DeclaredArg>();
  const declare = (name: string, defaultValue: string | null, global: boolean) => {
    const known = byName.get(name);
    if (known) {
      known.defaultValue ??= defaultValue;
      known.global ||= global;
      return known;
    }
    const arg: DeclaredArg = { name, defaultValue, global, stages: [] };
    byName.set(name, arg);
    return arg;
  };
  for (const meta of graph.metaArgs) declare(meta.name, meta.defaultValue, true);
  for (const stage of graph.stages) {
    for (const arg of byName.values()) {
      if (arg.global && referencesArg(stage.base, arg.name)) arg.stages.push(stageName(stage));
    }
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'ARG') continue;
      for (const word of instruction.args) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        const arg = declare(name, eq < 0 ? null : word.slice(eq + 1).replace(/^"(.*)"$/, '$1'), false);
        if (!arg.stages.includes(stageName(stage))) arg.stages.push(stageName(stage));
      }
    }
  }
  return [...byName.values()];
}
