/*
 * BuildKit takes instruction flags only from the words right after the
 * keyword. `RUN apt-get update && --mount=type=cache,target=/var/cache/apt
 * apt-get install ...` hands the mount to the shell, which tries to run a
 * command called `--mount=...`; `COPY ./app --chown=node /app/` copies a
 * file called `--chown=node`. Both fail, or worse, do something else.
 * A `--mount=type=...` word anywhere in a command (`RUN npm ci
 * --mount=type=cache,target=/root/.npm`) is also taken for a misplaced RUN
 * flag: no program but container CLIs (`docker run --mount=type=bind,...`)
 * takes that option, and npm or pip would ignore it or fail. Other options
 * that look like flags (`rsync --chown=`, `cp --link`) are real options there.
 *
 * The fix moves the flag behind the keyword, but only where that keeps the
 * meaning: COPY/ADD flags apply to the whole instruction anyway, and a RUN
 * mount merely becomes visible to the commands before it too. `--network`
 * and `--security` are not moved (they would change what earlier commands
 * may do), nor are flags the keyword does not accept.
 */
import { runText } from '../shared/runText';
import type { Instruction } from '../../parser/types';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Fix, type Problem } from '../types';
import { escapeRegExp } from '../../text/escapeRegExp';

export interface FlagInsideCommandData {
  keyword: string;
  flag: string;
  /** The program that receives the flag as an argument, when it is not a command of its own. */
  program?: string;
}

const instructionFlag = /^--(mount|network|security|from|chown|chmod)=|^--link(=|$)/;
const movable: Record<string, RegExp> = {
  RUN: /^--mount=/,
  COPY: /^--(from|chown|chmod)=|^--link(=|$)/,
  ADD: /^--(chown|chmod)=|^--link(=|$)/,
};

/** Programs that take `--mount=type=...` themselves. */
const mountClients = new Set(['docker', 'podman', 'nerdctl', 'buildah', 'buildctl']);
/** The word as written unquoted in the text, with whitespace or the text's ends around it. */
const standalone = (word: string) => new RegExp(`(^|[ \\t])${escapeRegExp(word)}(?=[ \\t]|$)`);

interface MisplacedFlag {
  flag: string;
  movable: boolean;
  program?: string;
}

/** The misplaced flag words of an instruction, and whether moving them keeps the instruction whole. */
function misplacedFlags(context: RuleContext, instruction: Instruction): MisplacedFlag[] {
  if (instruction.keyword === 'RUN') {
    // Cheap first: no flag word anywhere in the RUN means none is misplaced.
    if (!/--(mount|network|security|from|chown|chmod)=|--link\b/.test(runText(instruction))) return [];
    return context.commandsOf(instruction).flatMap(command => {
      const leading = command.words.findIndex(w => !instructionFlag.test(w));
      const flags = command.words.slice(0, leading < 0 ? command.words.length : leading);
      // Removing every word of the command would leave a dangling operator.
      const rest = leading < 0 ? 0 : command.words.length - leading;
      const found: MisplacedFlag[] = flags.map(flag => ({ flag, movable: rest > 0 && movable.RUN.test(flag) }));
      if (leading < 0) return found;
      const words = command.words.slice(leading);
      words.forEach((word, i) => {
        if (i === 0 || !/^--mount=type=/.test(word) || !standalone(word).test(command.text)) return;
        if (words.slice(0, i).some(w => mountClients.has(w.slice(w.lastIndexOf('/') + 1)))) return;
        found.push({ flag: word, movable: true, program: words.find(w => !/^[A-Za-z_]\w*=/.test(w)) ?? words[0] });
      });
      return found;
    });
  }
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const flags = instruction.args.filter(a => instructionFlag.test(a));
    const rest = instruction.args.length - flags.length;
    return flags.map(flag => ({ flag, movable: rest >= 2 && movable[instruction.keyword].test(flag) }));
  }
  return [];
}

function moveFlag(context: RuleContext, problem: Problem<FlagInsideCommandData>): Fix | null {
  const instruction = context.instructionAt(problem.line);
  if (!instruction || instruction.json || instruction.heredocs.length > 0) return null;
  const { flag, keyword } = problem.data;
  if (!misplacedFlags(context, instruction).some(f => f.flag === flag && f.movable)) return null;
  const token = new RegExp(`(^|[ \\t])${escapeRegExp(flag)}(?=[ \\t]|$)[ \\t]*`, 'g');
  const lines = context.lines.slice(instruction.line - 1, instruction.endLine);
  const hits = lines.flatMap((text, i) => (/^\s*#/.test(text) ? [] : [...text.matchAll(token)].map(() => i)));
  if (hits.length !== 1) return null;
  const edited = [...lines];
  const at = hits[0];
  edited[at] = edited[at].replace(token, '$1').replace(/[ \t]+$/, '');
  const head = new RegExp(`^(\\s*${keyword})([ \\t]+)`, 'i');
  if (!head.test(edited[0])) return null;
  edited[0] = edited[0].replace(head, `$1 ${flag}$2`);
  const escape = context.parsed.escapeChar === '`' ? '`' : '\\\\';
  if (at > 0 && new RegExp(`^\\s*${escape}?\\s*$`).test(edited[at])) {
    edited.splice(at, 1);
    // The flag was the last line: the line before must no longer continue into the next instruction.
    if (at === edited.length) edited[at - 1] = edited[at - 1].replace(new RegExp(`[ \\t]*${escape}[ \\t]*$`), '');
  }
  return {
    title: `Move ${flag} right after ${keyword}`,
    edits: [{ line: instruction.line, endLine: instruction.endLine, text: edited.join('\n') }],
  };
}

export const flagInsideCommand = defineRule<FlagInsideCommandData>({
  id: 'flag-inside-command',
  severity: 'error',
  category: 'correctness',
  description: 'An instruction flag appears inside the command text instead of right after the keyword.',
  message: ({ keyword, flag, program }) => {
    let effect = 'it is taken as a file name';
    if (program) effect = `\`${program}\` gets it as an argument`;
    else if (keyword === 'RUN') effect = 'the shell runs it as a command';
    return `${flag} is not right after ${keyword}, so BuildKit does not read it as a flag: ${effect}; move it right after ${keyword}`;
  },
  check: context =>
    context.parsed.instructions.flatMap(instruction =>
      misplacedFlags(context, instruction).map(({ flag, program }) => ({
        line: instruction.line,
        endLine: instruction.endLine,
        stage: context.stageOf(instruction)?.index ?? null,
        data: { keyword: instruction.keyword, flag, ...(program ? { program } : {}) },
      })),
    ),
  fix: moveFlag,
});
