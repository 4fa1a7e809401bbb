/*
 * `curl URL | sh` runs whatever the server (or anyone in between) sends at
 * that moment: nothing pins or verifies it, a truncated download runs half a
 * script, and the build cache hides that the script may differ next time.
 * Three shapes are recognised: a curl/wget writing to stdout piped into a
 * shell or script interpreter (not one given `-c`, which reads a command,
 * not stdin), a shell given `-c "$(curl ...)"`, and a shell or `source`
 * given a process substitution `<(curl ...)`.
 */
import { runText } from '../shared/runText';
import type { Instruction } from '../../parser/types';
import type { ShellCommand } from '../../shell/shellCommands';
import { runScript } from '../../shell/runScript';
import { defineRule } from '../types';

const shells = /^(sh|bash|zsh|dash|ash|ksh|mksh|fish)$/;
const interpreters = /^(sh|bash|zsh|dash|ash|ksh|mksh|fish|python[\d.]*|perl|ruby|node|php)$/;
const shellWords = 'sh|bash|zsh|dash|ash|ksh|mksh';
const substitutionWithC = new RegExp(
  `(?:^|[\\s;&|(])(?:\\S*/)?(${shellWords})\\s+(?:-\\S+\\s+)*?-[a-z]*c[a-z]*\\s+["']?(?:\\$\\(|\`)\\s*(curl|wget)\\b`,
);
const processSubstitution = new RegExp(
  `(?:^|[\\s;&|(])(?:\\S*/)?(${shellWords}|source|\\.)\\s+(?:-\\S+\\s+)*<\\(\\s*(curl|wget)\\b`,
);

/** The program a simple command runs, past `sudo`, `env` and variable assignments. */
function program(command: ShellCommand): { name: string; args: string[] } {
  let i = 0;
  const words = command.words;
  while (i < words.length) {
    const word = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === 'sudo' || word === 'env' || word === 'exec') i++;
    else if (i > 0 && /^(sudo|env)$/.test(words[i - 1] ?? '') && word.startsWith('-')) i++;
    else break;
  }
  const name = (words[i] ?? '').split('/').pop() ?? '';
  return { name, args: words.slice(i + 1) };
}

/** True for curl (always writes to stdout unless told otherwise) or wget with `-O -`. */
function downloadsToStdout({ name, args }: { name: string; args: string[] }): boolean {
  if (name === 'curl') return !args.some(a => /^(-[a-zA-Z]*[oO]|--output|--remote-name)/.test(a));
  if (name !== 'wget') return false;
  return args.some(
    (a, i) =>
      /^-[a-zA-Z]*O-$/.test(a) ||
      a === '--output-document=-' ||
      a === '/dev/stdout' ||
      (/^(-[a-zA-Z]*O|--output-document)$/.test(a) && args[i + 1] === '-'),
  );
}

/**
 * True when an interpreter runs its standard input as the script: no inline
 * code (`sh -c`, `python -c`, `perl -e`, ...) and no script file argument,
 * or an explicit `-`, `--` or (for shells) `-s`.
 */
function readsScriptFromStdin({ name, args }: { name: string; args: string[] }): boolean {
  const isShell = shells.test(name);
  let inline = /^(-[a-zA-Z]*[eEp]|--eval|--print)/; // perl, ruby, node
  if (isShell) inline = /^-[a-zA-Z]*c/;
  else if (/^python/.test(name)) inline = /^-[a-zA-Z]*[cm]/;
  else if (name === 'php') inline = /^-[a-zA-Z]*r/;
  for (const arg of args) {
    if (arg === '-' || arg === '--' || (isShell && /^-[a-zA-Z]*s/.test(arg))) return true;
    if (!arg.startsWith('-') || inline.test(arg)) return false;
  }
  return true;
}

function pipedIntoShell(commands: ShellCommand[]): { downloader: string; shell: string }[] {
  const found: { downloader: string; shell: string }[] = [];
  commands.forEach((command, i) => {
    const next = commands[i + 1];
    if (command.next !== '|' || !next) return;
    const source = program(command);
    const sink = program(next);
    if (downloadsToStdout(source) && interpreters.test(sink.name) && readsScriptFromStdin(sink)) {
      found.push({ downloader: source.name, shell: sink.name });
    }
  });
  return found;
}

function findings(instruction: Instruction, commands: ShellCommand[]) {
  const script = runScript(instruction);
  // Nothing is downloaded without one of these: skip the patterns for most scripts.
  if (!script.includes('curl') && !script.includes('wget')) return [];
  const found = pipedIntoShell(commands);
  for (const pattern of [substitutionWithC, processSubstitution]) {
    const match = pattern.exec(script);
    if (match) found.push({ downloader: match[2], shell: match[1] });
  }
  return found;
}

export const curlPipeShell = defineRule<{ downloader: string; shell: string }>({
  id: 'curl-pipe-shell',
  severity: 'warning',
  category: 'security',
  description: 'A downloaded script is piped straight into a shell.',
  message: ({ downloader, shell }) =>
    `A script downloaded with ${downloader} runs straight in ${shell}; ` +
    'download it to a file, verify its checksum, then run it',
  check: context =>
    context.parsed.instructions
      .filter(i => i.keyword === 'RUN' || i.trigger?.keyword === 'RUN')
      .flatMap(instruction =>
        // Reading the commands costs more than a look for a downloader.
        (/curl|wget/.test(runText(instruction)) ? findings(instruction, context.commandsOf(instruction)) : []).map(data => ({
          line: instruction.line,
          endLine: instruction.endLine,
          stage: context.stageOf(instruction)?.index ?? null,
          data,
        })),
      ),
});
