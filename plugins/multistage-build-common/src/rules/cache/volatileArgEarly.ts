/*
 * BuildKit puts every ARG in scope (and every ENV) into the environment of
 * each later RUN, so the RUN's cache key changes whenever the value does,
 * used or not. A commit hash or build date therefore invalidates every RUN
 * below its declaration on every build. Declared just before its first use,
 * it only invalidates what really depends on it. COPY is not keyed on the
 * environment, so only RUN steps count.
 *
 * A script or a build tool may read the variable from its environment without
 * the Dockerfile naming it (docker/cli's `./scripts/build/binary` reads
 * VERSION), so a RUN counts as a use unless every command in it is known not
 * to read it: file and user commands, and package installs. The fix moves a
 * declaration only down to a step that names it, never to the end of the
 * stage, and never a cache-bust ARG, whose purpose is to re-run what follows.
 *
 * A version-named variable that the file sets to a concrete release
 * (`ARG VERSION=1.4.2`, `ENV APP_VERSION=2.0.1`, or a global default of that
 * form) is a pinned constant, not a per-build value: it changes when the file
 * does, like any other line. Placeholders (`0.0.0`, `dev`, `unknown`) and
 * values from other variables are still per-build.
 */
import type { Instruction } from '../../parser/types';
import type { ShellCommand } from '../../shell/shellCommands';
import { packageCommand } from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  keyword: 'ARG' | 'ENV';
  name: string;
  runs: number;
}

const volatileName =
  /^((GIT|VCS|SOURCE|CI)_)?(COMMIT|COMMIT_SHA|COMMIT_HASH|COMMIT_ID|SHA|REVISION)$|^(GIT|VCS|SOURCE|CI)_REF$|^BUILD_(DATE|TIME|TIMESTAMP|NUMBER|ID|VERSION|REF|SHA)$|^(VERSION|APP_VERSION|IMAGE_VERSION|RELEASE_VERSION|IMAGE_TAG|CACHEBUST|CACHE_BUST|CACHEBUSTER|CACHE_BUSTER|CACHE_DATE|TIMESTAMP|GITHUB_SHA|GITHUB_RUN_ID|GITHUB_RUN_NUMBER|CI_PIPELINE_ID)$/i;

const versionName = /VERSION|IMAGE_TAG/i;
/** A concrete release, e.g. `1.4.2`, `v2.0.1-rc.1`; not `0.0.0`. */
const concreteRelease = /^v?(?!0(\.0)*$)\d+(\.\d+)+([-+.~][0-9A-Za-z.-]+)?$/;

/** The value a declaration gives `name` in a plain build, as written; undefined when it gives none. */
function declaredValue(context: RuleContext, instruction: Instruction, name: string): string | undefined {
  if (instruction.keyword === 'ENV') {
    const at = instruction.args.findIndex((a, i) => i % 3 === 0 && a === name);
    return at < 0 ? undefined : instruction.args[at + 1];
  }
  const word = instruction.args.find(a => a.split('=')[0] === name);
  if (word === undefined) return undefined;
  const eq = word.indexOf('=');
  if (eq >= 0) return word.slice(eq + 1);
  return context.graph.metaArgs.find(a => a.name === name)?.defaultValue ?? undefined;
}

/** A version variable pinned to a concrete release in the file, or any such name set to a fixed path. */
function isPinnedConstant(context: RuleContext, instruction: Instruction, name: string): boolean {
  let value = declaredValue(context, instruction, name)?.replace(/^(["'])(.*)\1$/, '$2');
  // `ENV APP_VERSION=${APP_VER}`: the value is the ARG's, judged where that ARG is declared.
  const copied = value === undefined ? null : /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value);
  if (copied && instruction.keyword === 'ENV') {
    const from = argDefault(context, instruction, copied[1]);
    if (from === undefined) return true;
    value = from;
  }
  if (value !== undefined && /^\/[^$]*$/.test(value)) return true;
  return versionName.test(name) && value !== undefined && concreteRelease.test(value);
}

/**
 * The default an ARG in force before `instruction` gives `name` (in its stage, or globally);
 * undefined when none does (the ARG, if any, is reported in its own right).
 */
function argDefault(context: RuleContext, instruction: Instruction, name: string): string | undefined {
  const stage = context.stageOf(instruction);
  const earlier = stage ? stage.instructions.slice(0, stage.instructions.indexOf(instruction)) : [];
  for (const arg of [...earlier].reverse().filter(i => i.keyword === 'ARG')) {
    const word = arg.args.find(a => a.split('=')[0] === name);
    if (word !== undefined) return word.includes('=') ? word.slice(word.indexOf('=') + 1).replace(/^(["'])(.*)\1$/, '$2') : context.graph.metaArgs.find(a => a.name === name)?.defaultValue ?? undefined;
  }
  return context.graph.metaArgs.find(a => a.name === name)?.defaultValue ?? undefined;
}

const cacheBustName = /^CACHE_?BUST(ER)?$|^CACHE_DATE$/i;

/** Commands that do not read arbitrary environment variables, so a RUN made of them does not use the ARG. */
const envBlind = /^(mkdir|rm|ln|chmod|chown|cp|mv|touch|cd|true|false|:|useradd|groupadd|adduser|addgroup|usermod|tar|unzip|curl|wget|echo|printf|ls|cat|test|\[|set|export|fi|done)$/;
/** Shell words that lead into the real command (`then apt-get ...`). */
const leadingKeyword = /^(if|then|else|elif|do|while|until|!|\{|\}|\(|\))$/;

function commandIsEnvBlind(command: ShellCommand): boolean {
  const words = command.words;
  const start = words.findIndex(w => !leadingKeyword.test(w) && !/^[A-Za-z_]\w*=/.test(w));
  if (start < 0) return true;
  const pc = packageCommand(command);
  // Installs only fetch and unpack; builds and installs of the project itself (`pip install .`) run its code.
  if (pc) return pc.action !== 'build' && !pc.operands.some(o => o === '.' || o.startsWith('./'));
  return envBlind.test(words[start].slice(words[start].lastIndexOf('/') + 1));
}

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
  /** The RUN steps between the declaration and its first use, none of which can read it. */
  skipped: Instruction[];
  /** The first instruction that names the variable or runs a command that may read it; undefined when none does. */
  firstUse: Instruction | undefined;
  /** Whether any instruction after the declaration names the variable. */
  named: boolean;
}

function placement(context: RuleContext, rest: Instruction[], name: string): Placement {
  const index = rest.findIndex(i =>
    uses(i, name) || (i.keyword === 'RUN' && !context.commandsOf(i).every(commandIsEnvBlind)));
  const before = index < 0 ? rest : rest.slice(0, index);
  return {
    skipped: before.filter(i => i.keyword === 'RUN'),
    firstUse: index < 0 ? undefined : rest[index],
    named: rest.some(i => uses(i, name)),
  };
}

function findDeclaration(context: RuleContext, line: number) {
  const stage = context.graph.stages.find(s => s.instructions.some(i => i.line === line));
  const position = stage?.instructions.findIndex(i => i.line === line) ?? -1;
  return stage && position > 0 ? { stage, position, instruction: stage.instructions[position] } : null;
}

export const volatileArgEarly = defineRule<Data>({
  id: 'volatile-arg-early',
  severity: 'info',
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
          if (isPinnedConstant(context, instruction, name)) continue;
          const { skipped } = placement(context, stage.instructions.slice(position + 1), name);
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
    if (declaredNames(found.instruction).length !== 1 || cacheBustName.test(problem.data.name)) return null;
    const { firstUse, named } = placement(context, found.stage.instructions.slice(found.position + 1), problem.data.name);
    // With nothing naming it, the value may be meant for a later stage or the running container: leave it.
    if (!firstUse || !named) return null;
    // Above the comments that belong to the step (an ignore comment must stay right before its instruction).
    let at = firstUse.line;
    while (at - 1 > found.instruction.line && /^\s*#/.test(context.lines[at - 2])) at--;
    return {
      title: `Move ${problem.data.keyword} ${problem.data.name} down to where it is used`,
      edits: [
        { line: found.instruction.line, endLine: found.instruction.line, text: '' },
        { line: at, endLine: at - 1, text: context.lines[found.instruction.line - 1] },
      ],
    };
  },
});
