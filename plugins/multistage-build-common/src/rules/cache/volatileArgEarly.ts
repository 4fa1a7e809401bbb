/*
 * BuildKit puts every ARG in scope (and every ENV) into the environment of
 * each later RUN, so the RUN's cache key changes whenever the value does,
 * used or not. A commit hash or build date therefore invalidates every RUN
 * below its declaration on every build. Declared just before its first use,
 * it only invalidates what really depends on it. COPY is not keyed on the
 * environment, so only RUN steps count.
 */
import type { Instruction } from '../../parser/types';
import { packageCommand } from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  keyword: 'ARG' | 'ENV';
  name: string;
  runs: number;
}

const volatileName =
  /^((GIT|VCS|SOURCE|CI)_)?(COMMIT|COMMIT_SHA|COMMIT_HASH|COMMIT_ID|SHA|REVISION|REF)$|^BUILD_(DATE|TIME|TIMESTAMP|NUMBER|ID|VERSION|REF|SHA)$|^(VERSION|APP_VERSION|IMAGE_VERSION|RELEASE_VERSION|IMAGE_TAG|CACHEBUST|CACHE_BUST|CACHEBUSTER|CACHE_BUSTER|CACHE_DATE|TIMESTAMP|GITHUB_SHA|GITHUB_RUN_ID|GITHUB_RUN_NUMBER|CI_PIPELINE_ID)$/i;

/** Commands that do not read arbitrary environment variables, so moving an ARG past them is safe. */
const envBlind = /^(mkdir|rm|ln|chmod|chown|cp|mv|touch|cd|true|useradd|groupadd|adduser|addgroup|usermod|tar|unzip|curl|wget)$/;

function declaredNames(instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') return instruction.args.map(a => a.split('=')[0]);
  // ENV arguments come as [name, value, separator] triples.
  return instruction.args.filter((_, i) => i % 3 === 0);
}

function uses(instruction: Instruction, name: string): boolean {
  const pattern = new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`);
  return pattern.test(instruction.original) || instruction.heredocs.some(h => pattern.test(h.content));
}

interface Placement {
  /** The RUN steps between the declaration and its first use. */
  skipped: Instruction[];
  /** The first instruction that uses the name; undefined when none in the stage does. */
  firstUse: Instruction | undefined;
}

function placement(rest: Instruction[], name: string): Placement {
  const index = rest.findIndex(i => uses(i, name));
  const before = index < 0 ? rest : rest.slice(0, index);
  return { skipped: before.filter(i => i.keyword === 'RUN'), firstUse: index < 0 ? undefined : rest[index] };
}

function findDeclaration(context: RuleContext, line: number) {
  const stage = context.graph.stages.find(s => s.instructions.some(i => i.line === line));
  const position = stage?.instructions.findIndex(i => i.line === line) ?? -1;
  return stage && position > 0 ? { stage, position, instruction: stage.instructions[position] } : null;
}

export const volatileArgEarly = defineRule<Data>({
  id: 'volatile-arg-early',
  severity: 'warning',
  category: 'cache',
  description: 'An ARG/ENV with a per-build value is declared before RUN steps that do not use it.',
  message: ({ keyword, name, runs }) =>
    `${keyword} ${name} carries a per-build value and is declared before ${runs} RUN ${runs === 1 ? 'step' : 'steps'} that do not use it, so a new value re-runs them all; declare it just before its first use`,
  check: context => {
    const problems: Problem<Data>[] = [];
    for (const stage of context.graph.stages) {
      stage.instructions.forEach((instruction, position) => {
        if (position === 0 || (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV')) return;
        for (const name of declaredNames(instruction).filter(n => volatileName.test(n))) {
          const { skipped } = placement(stage.instructions.slice(position + 1), name);
          if (skipped.length === 0) continue;
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: { keyword: instruction.keyword as 'ARG' | 'ENV', name, runs: skipped.length },
          });
        }
      });
    }
    return problems;
  },
  fix: (context, problem) => {
    const found = findDeclaration(context, problem.line);
    if (!found || found.instruction.line !== found.instruction.endLine) return null;
    if (declaredNames(found.instruction).length !== 1) return null;
    const { skipped, firstUse } = placement(found.stage.instructions.slice(found.position + 1), problem.data.name);
    // A script may read the variable from its environment without naming it; move only past env-blind steps.
    const safe = skipped.every(run =>
      context.commandsOf(run).every(c => packageCommand(c) !== null || envBlind.test(c.words[0] ?? '')));
    if (!safe) return null;
    const at = firstUse ? firstUse.line : found.stage.endLine + 1;
    return {
      title: `Move ${problem.data.keyword} ${problem.data.name} down to where it is used`,
      edits: [
        { line: found.instruction.line, endLine: found.instruction.line, text: '' },
        { line: at, endLine: at - 1, text: context.lines[found.instruction.line - 1] },
      ],
    };
  },
});
