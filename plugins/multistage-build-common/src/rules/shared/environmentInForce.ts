/*
 * The environment a RUN sees: ENV values and ARGs of its stage's lineage
 * declared before it. Tools change behaviour on such variables (`CI=true`
 * makes pnpm refuse to touch its lockfile), so rules about them read this
 * instead of guessing. An ARG without a default, or a value built from other
 * variables, is in force with an unknown value (null): whatever
 * `--build-arg` passes.
 */
import type { Instruction } from '../../parser/types';
import type { StageGraph } from '../../stages/types';
import { lineageInstructions } from './stageLineage';

/** Names in force just before `instruction`, with their values as written (null when unknown). */
export function environmentInForce(graph: StageGraph, instruction: Instruction): Map<string, string | null> {
  const stage = graph.stages.find(s => s.instructions.includes(instruction));
  const env = new Map<string, string | null>();
  if (!stage) return env;
  const known = (value: string) => (value.includes('$') ? null : value);
  for (const earlier of lineageInstructions(graph, stage)) {
    if (earlier === instruction) break;
    if (earlier.keyword === 'ENV') {
      // ENV args come as [name, value, separator] triples.
      for (let i = 0; i + 1 < earlier.args.length; i += 3) env.set(earlier.args[i], known(earlier.args[i + 1]));
    } else if (earlier.keyword === 'ARG') {
      for (const arg of earlier.args) {
        const eq = arg.indexOf('=');
        if (eq < 0) env.set(arg, env.get(arg) ?? null);
        else env.set(arg.slice(0, eq), known(arg.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2')));
      }
    }
  }
  return env;
}
