/*
 * Shell-form CMD and ENTRYPOINT run as `/bin/sh -c "..."`: the shell is PID 1
 * and does not forward SIGTERM, so `docker stop` waits out its timeout and
 * kills the app. A shell-form ENTRYPOINT also ignores CMD and `docker run`
 * arguments. Like BuildKit, the check is skipped once a SHELL instruction is
 * in force (in the stage or one it is built FROM): the shell form is then a
 * deliberate choice. So is a command that needs the shell: variables
 * expanded at run time, `&&`, pipes, redirections, `if`, background jobs
 * (BuildKit reports those too; judged on real files they were nearly always
 * meant, and the exec form cannot express them). Only commands the exec form
 * can run as they are are reported. The fix writes the exec form only when the command has
 * no shell syntax, so splitting on blanks means what the shell meant; and,
 * for ENTRYPOINT, only when no CMD in the stage or a stage built FROM it
 * would start being appended as arguments.
 */
import type { Instruction } from '../../parser/types';
import { defineRule } from '../types';
import { writtenKeyword } from '../shared/instructionSource';
import { descendantStages, lineageInstructions } from '../shared/stageLineage';

/** Characters whose meaning the shell would change (expansion, quoting, operators, globs). */
const shellSyntax = /[$`'"\\;&|<>(){}*?[\]~#!\n]/;
/** Shell builtins and keywords: no program of that name exists for the exec form to run. */
const builtins = new Set(
  'if for while until case function time cd export source . set eval trap ulimit umask test [ [['.split(' '),
);

/** The exec-form words for a shell command, or null when the shell would read it differently. */
function execWords(command: string): string[] | null {
  if (command === '' || shellSyntax.test(command)) return null;
  const words = command.split(/\s+/);
  // `exec app` is what the exec form does anyway.
  if (words[0] === 'exec') words.shift();
  if (words.length === 0 || words[0].includes('=') || builtins.has(words[0])) return null;
  return words;
}

export const jsonArgsRecommended = defineRule<{ keyword: string }>({
  id: 'json-args-recommended',
  severity: 'info',
  category: 'style',
  description: 'CMD or ENTRYPOINT uses shell form, so the shell, not the app, receives stop signals.',
  alsoKnownAs: 'JSONArgsRecommended',
  message: ({ keyword }) =>
    `JSON arguments recommended for ${keyword} to prevent unintended behavior related to OS signals`,
  check: context =>
    context.graph.stages.flatMap(stage => {
      const shellForm = stage.instructions.filter(
        i => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && !i.json && i.args.length > 0,
      );
      // The lineage is read only for stages that have something to judge.
      if (shellForm.length === 0) return [];
      const inForce = lineageInstructions(context.graph, stage);
      return shellForm
        .filter(i => !inForce.slice(0, inForce.indexOf(i)).some(p => p.keyword === 'SHELL'))
        .filter(i => execWords(i.args.join(' ').trim()) !== null)
        .map(i => ({ line: i.line, endLine: i.endLine, stage: stage.index, data: { keyword: i.keyword } }));
    }),
  fix: (context, problem) => {
    const instruction = context.instructionAt(problem.line);
    const stage = instruction && context.stageOf(instruction);
    if (!instruction || !stage) return null;
    const words = execWords(instruction.args.join(' ').trim());
    if (!words) return null;
    if (instruction.keyword === 'ENTRYPOINT' && setsCmd([stage, ...descendantStages(context.graph, stage)])) {
      return null;
    }
    const keyword = writtenKeyword(instruction);
    return {
      title: `Use the exec form of ${instruction.keyword}`,
      edits: [
        {
          line: problem.line,
          endLine: problem.endLine,
          text: `${keyword} [${words.map(w => JSON.stringify(w)).join(', ')}]`,
        },
      ],
    };
  },
});

function setsCmd(stages: { instructions: Instruction[] }[]): boolean {
  return stages.some(s => s.instructions.some(i => i.keyword === 'CMD'));
}
