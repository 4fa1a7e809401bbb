/*
 * RUN fails the build when its script exits non-zero; that is the only thing
 * that makes `RUN npm test` a gate. `npm test || true`, `|| echo failed`,
 * `|| :`, `|| exit 0` or a trailing `; exit 0` make the script succeed
 * whatever the tests, linter, audit, build or scanner said, and a broken
 * image ships with a green build.
 *
 * `|| { echo failed; exit 1; }` reports and still fails: not a swallow. The
 * fix removes the swallowing part when it sits on one line and what remains
 * is the same script minus the swallow (`a || true && b` becomes `a && b`);
 * `a || true; b` is not fixed, since `a; b` would still ignore a's failure.
 */
import type { Instruction } from '../../parser/types';
import type { ShellCommand } from '../../shell/shellCommands';
import type { RuleContext } from '../ruleContext';
import { verificationKind } from '../shared/verificationCommands';
import { defineRule, type Fix, type Problem } from '../types';
import { escapeRegExp } from '../../text/escapeRegExp';

export interface SwallowedFailureData {
  /** The guarded command as written, e.g. `npm test`. */
  command: string;
  kind: string;
  /** What swallows its failure: `|| true`, `; exit 0`, ... */
  swallow: string;
}

interface Swallow {
  command: ShellCommand;
  kind: string;
  /** The operator and command that swallow, as written. */
  swallow: string;
  /** The command that does the swallowing. */
  by: ShellCommand;
}

const isExitZero = (c: ShellCommand | undefined) => c?.words[0] === 'exit' && c.words[1] === '0' && c.words.length === 2;
const failsAfter = (c: ShellCommand | undefined) =>
  c !== undefined && (c.words[0] === 'false' || (['exit', 'return'].includes(c.words[0]) && c.words[1] !== '0'));

function swallowsIn(commands: ShellCommand[]): Swallow[] {
  const found: Swallow[] = [];
  commands.forEach((command, i) => {
    // Only a command followed by `||` can be swallowed that way; ask what it is only then.
    if (command.next !== '||') return;
    const kind = verificationKind(command.words);
    if (!kind) return;
    // `check || true`, `check || echo ...`: unless the handler goes on to fail.
    let j = i + 1;
    while (commands[j - 1]?.next === '||' && commands[j]) {
      const handler = commands[j];
      const swallowing = ['true', ':'].includes(handler.words[0]) || isExitZero(handler) ||
        (['echo', 'printf'].includes(handler.words[0]) && !failsAfter(commands[j + 1]));
      if (swallowing && handler.next !== '|') {
        found.push({ command, kind, swallow: `|| ${handler.text}`, by: handler });
        return;
      }
      j++;
    }
  });
  // `...; exit 0` at the end: the script's status no longer reflects the checks before it.
  const last = commands[commands.length - 1];
  const errexit = commands.some(c => c.words[0] === 'set' && c.words.some(w => /^-[a-z]*e/.test(w)));
  if (commands.length > 1 && !errexit && isExitZero(last) && (last.prev === ';' || last.prev === '\n')) {
    const guarded = commands.slice(0, -1).reverse().find(c => verificationKind(c.words));
    if (guarded) found.push({ command: guarded, kind: verificationKind(guarded.words)!, swallow: `; ${last.text}`, by: last });
  }
  return found;
}


function removeSwallow(context: RuleContext, problem: Problem<SwallowedFailureData>): Fix | null {
  const instruction = context.instructionAt(problem.line);
  if (!instruction || instruction.json || instruction.heredocs.length > 0) return null;
  const swallows = swallowsIn(context.commandsOf(instruction));
  const index = swallows.findIndex(s => s.swallow === problem.data.swallow && s.command.text === problem.data.command);
  const swallow = swallows[index];
  if (!swallow || !(swallow.by.next === null || (swallow.by.next === '&&' && swallow.swallow.startsWith('||')))) {
    return null;
  }
  const [operator] = swallow.swallow.split(' ');
  const pattern = new RegExp(`[ \\t]*${escapeRegExp(operator)}[ \\t]*${escapeRegExp(swallow.by.text)}(?=[ \\t;&|)]|$)`, 'g');
  const lines = context.lines.slice(instruction.line - 1, instruction.endLine);
  const hits = lines.flatMap((text, i) => (/^\s*#/.test(text) ? [] : [...text.matchAll(pattern)].map(m => ({ i, at: m.index! }))));
  // The n-th swallow with this text is the n-th match.
  const nth = swallows.slice(0, index).filter(s => s.swallow === swallow.swallow).length;
  if (hits.length !== swallows.filter(s => s.swallow === swallow.swallow).length || !hits[nth]) return null;
  const { i, at } = hits[nth];
  const edited = [...lines];
  edited[i] = edited[i].slice(0, at) + edited[i].slice(at).replace(new RegExp(pattern.source), '');
  const escape = context.parsed.escapeChar === '`' ? '`' : '\\\\';
  if (i > 0 && new RegExp(`^\\s*${escape}?\\s*$`).test(edited[i])) {
    // A line left empty: drop it, and end the instruction on the line before when it was the last.
    edited.splice(i, 1);
    if (i === edited.length) edited[i - 1] = edited[i - 1].replace(new RegExp(`[ \\t]*${escape}[ \\t]*$`), '');
  }
  return {
    title: `Remove "${swallow.swallow}" so a failing ${problem.data.kind} fails the build`,
    edits: [{ line: instruction.line, endLine: instruction.endLine, text: edited.join('\n') }],
  };
}

export const swallowedFailure = defineRule<SwallowedFailureData>({
  id: 'swallowed-failure',
  severity: 'warning',
  category: 'correctness',
  description: 'A test, lint, audit, build or scan command has its failure swallowed, so the step can never fail.',
  message: ({ command, kind, swallow }) =>
    `"${command}" (${kind}) is followed by "${swallow}", so the step succeeds even when it fails`,
  check: context =>
    context.parsed.instructions
      .filter((i: Instruction) => i.keyword === 'RUN')
      .flatMap(instruction =>
        swallowsIn(context.commandsOf(instruction)).map(s => ({
          line: instruction.line,
          endLine: instruction.endLine,
          stage: context.stageOf(instruction)?.index ?? null,
          data: { command: s.command.text, kind: s.kind, swallow: s.swallow },
        })),
      ),
  fix: removeSwallow,
});
