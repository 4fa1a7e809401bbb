/*
 * `apk add sqlite>3.38` and `pip install flask>=3` look like version
 * constraints, but to the shell an unquoted `>` or `<` is a redirection:
 * the command installs `sqlite` with no constraint at all and writes its
 * output to a file named `3.38` (or `=3`), or reads its input from one. The
 * build succeeds and the constraint is silently gone. Only operators glued
 * to a package name and followed by a version count (`>=2`, `<=2`, `>2`,
 * `<2`); redirections with a blank before them (`> /dev/null`), file
 * descriptors (`2>&1`) and quoted or escaped operators are what was meant.
 * Only what a shell runs is read: not exec-form RUNs and not heredoc data.
 */
import { runText } from '../shared/runText';
import type { ShellCommand } from '../../shell/shellCommands';
import { executedCommands, programWords } from '../shared/executedCommands';
import { packageCommand } from '../shared/packageManagers';
import { readRedirections, type Redirection } from '../shared/shellRedirections';
import { defineRule } from '../types';

/** The install commands that take package specs with version constraints. */
function installCommand(command: ShellCommand): string | null {
  const words = programWords(command.words);
  if (words[0] === 'gem' && words[1] === 'install') return 'gem install';
  const pc = packageCommand(command);
  if (!pc || pc.action !== 'install' || ['go', 'cargo', 'maven', 'gradle', 'dotnet'].includes(pc.manager)) return null;
  // As written up to the subcommand: `python3 -m pip install`, `yarn global add`.
  const sub = pc.subcommand === '' ? [] : pc.subcommand.split(' ');
  const at = words.findIndex((_, i) => i > 0 && sub.every((w, j) => words[i + j] === w));
  return words.slice(0, at < 0 ? 1 : at + sub.length).join(' ');
}

/** A package name (npm's `pkg@` included), then `>` or `<` with `=` or a digit after it. */
function isConstraint(redirection: Redirection): boolean {
  const name = redirection.gluedTo?.value ?? '';
  const version = redirection.target?.raw ?? '';
  return (
    (redirection.operator === '>' || redirection.operator === '<') &&
    /^[A-Za-z@][\w.+@/:[\],-]*$/.test(name) &&
    (/^=[^=\s]/.test(version) || /^\d/.test(version))
  );
}

interface Data {
  /** The word as written, e.g. `sqlite>3.38`. */
  word: string;
  command: string;
  /** The file the shell redirects to or from, e.g. `3.38`. */
  file: string;
  /** `>`: output goes to the file; `<`: input comes from it. */
  writes: boolean;
}

const gluedConstraint = /[\w.\]@+\/:,-](>=?|<=?)\s*[\d=$]/;

export const versionConstraintRedirect = defineRule<Data>({
  id: 'version-constraint-redirect',
  severity: 'warning',
  category: 'correctness',
  description: 'An unquoted version constraint in a package install is read by the shell as a redirection.',
  message: ({ word, command, file, writes }) => {
    const effect = writes
      ? `the package is installed without the constraint and the output goes to a file named "${file}"`
      : `the command reads its input from a file named "${file}" and fails unless it exists`;
    return `The shell reads the unquoted \`${word}\` in \`${command}\` as a redirection: ${effect}; quote it ("${word}")`;
  },
  check: context =>
    context.parsed.instructions.flatMap(instruction =>
      // Cheap first: a RUN with no name glued to `>`/`<` and a digit holds no constraint to judge.
      !gluedConstraint.test(runText(instruction)) ? [] : executedCommands(context, instruction).flatMap(command => {
        const install = installCommand(command);
        if (!install) return [];
        return readRedirections(command.text)
          .redirections.filter(isConstraint)
          .map(redirection => ({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: context.stageOf(instruction)?.index ?? null,
            data: {
              word: redirection.raw,
              command: install,
              file: redirection.target?.value ?? '',
              writes: redirection.operator === '>',
            },
          }));
      }),
    ),
});
