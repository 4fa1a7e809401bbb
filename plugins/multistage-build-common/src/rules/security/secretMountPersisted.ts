/*
 * `RUN --mount=type=secret` keeps a credential out of the image only while
 * the secret stays in the mount. A command that copies its content into the
 * filesystem (`cat /run/secrets/npm > ~/.npmrc`, `cp`, `tee`, or
 * `echo "$NPM_TOKEN" > .npmrc` for an `env=` mount) writes it into the RUN's
 * layer, and from there into the image, the build cache and any exported
 * cache. Removing the file before the RUN ends keeps it out of the layer.
 *
 * This is an error, so it must not be wrong: only writes whose content is
 * plainly the secret and whose destination is a known path are reported.
 * Destinations under another mount of the same RUN, in /dev or /proc, with
 * a variable, or relative to a directory this file does not show, are left
 * alone; so are certificates (a `.crt`/`.cer` file, a CA trust directory):
 * a proxy's CA passed as a secret and installed into the trust store is
 * public, and meant to stay; so is any destination a later `rm` (of the file, a directory above
 * it, a glob, a variable or a path with the same name) or a `trap` may
 * remove, or that a later command overwrites.
 */
import type { Heredoc, Instruction } from '../../parser/types';
import { mountsOf } from '../../stages/stageGraph';
import { escapeRegExp } from '../../text/escapeRegExp';
import { normalizePath } from '../shared/cachePaths';
import { baseName } from '../shared/copySources';
import { executedCommands, programWords } from '../shared/executedCommands';
import { commandsInDirectories, mayBeRemovedAfter, resolvePath, workdirBefore } from '../shared/runPaths';
import { readRedirections, writesStdout, type RedirectedCommand, type ShellWord } from '../shared/shellRedirections';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  id: string;
  destination: string;
}

/** Where certificates go: what lands there is meant to be public and to stay. */
const trustDirectories = [
  '/usr/local/share/ca-certificates', '/usr/share/ca-certificates', '/etc/ca-certificates',
  '/etc/ssl/certs', '/etc/pki/ca-trust', '/etc/pki/tls/certs',
];
const isCertificatePlace = (path: string) =>
  /\.(crt|cer)$/.test(path) || trustDirectories.some(d => path === d || path.startsWith(`${d}/`));

/** Where a RUN's secrets can be read: files by normalised path, environment variables by name; both give the id. */
interface Secrets {
  files: Map<string, string>;
  envs: Map<string, string>;
  /** The RUN's heredocs, for `cat <<EOF > file` whose body expands a secret. */
  heredocs: Heredoc[];
}

function secretsOf(instruction: Instruction): Secrets {
  const secrets: Secrets = { files: new Map(), envs: new Map(), heredocs: instruction.heredocs };
  for (const mount of mountsOf(instruction).filter(m => m.type === 'secret')) {
    const target = mount.target ?? mount.dst ?? mount.destination;
    const id = mount.id ?? (target ? baseName(target) : undefined);
    if (!id) continue;
    // With env= and no target, BuildKit mounts no file.
    if (target || !mount.env) secrets.files.set(normalizePath(target ?? `/run/secrets/${id}`), id);
    if (mount.env) secrets.envs.set(mount.env, id);
  }
  return secrets;
}

/**
 * The secret a word's expansion holds: `$NPM_TOKEN`, `${NPM_TOKEN}`, `${NPM_TOKEN:-x}`, `$(cat /run/secrets/npm)`,
 * `$(< file)` or backticks, optionally with `2>/dev/null` or `|| true`. Not `${NPM_TOKEN:+x}` or `${#NPM_TOKEN}`,
 * and not `$(cat file | sha256sum)`, which expand to something else.
 */
function secretExpandedIn(word: Pick<ShellWord, 'expandable'>, secrets: Secrets): string | undefined {
  for (const [name, id] of secrets.envs) {
    const variable = escapeRegExp(name);
    if (new RegExp(`\\$(${variable}(?!\\w)|\\{${variable}(\\}|:?-))`).test(word.expandable)) return id;
  }
  const fallback = String.raw`(\s+2>\s*/dev/null)?(\s*\|\|\s*(true|:))?\s*`;
  for (const [file, id] of secrets.files) {
    const path = `["']?${escapeRegExp(file)}["']?${fallback}`;
    if (new RegExp(`\\$\\(\\s*(cat\\s+|<\\s*)${path}\\)|\`\\s*cat\\s+${path}\``).test(word.expandable)) return id;
  }
  return undefined;
}

const secretFile = (word: ShellWord | null | undefined, secrets: Secrets): string | undefined =>
  word && !/[$`*?]/.test(word.value) ? secrets.files.get(normalizePath(word.value)) : undefined;

/** The secret an expanding heredoc's body holds, for `cat <<EOF`. */
function secretInHeredoc(delimiter: ShellWord | null | undefined, secrets: Secrets): string | undefined {
  const heredoc = secrets.heredocs.find(h => h.name === delimiter?.value && h.expand);
  return heredoc ? secretExpandedIn({ expandable: heredoc.content }, secrets) : undefined;
}

/** The secret a command prints on standard output: `cat <secret>`, `cat < <secret>`, `echo "$TOKEN"`, `printf ... "$TOKEN"`. */
function secretPrinted(words: ShellWord[], parsed: RedirectedCommand, secrets: Secrets): string | undefined {
  const [program, ...args] = words;
  if (program?.value === 'cat') {
    const operands = args.filter(a => !a.value.startsWith('-'));
    const input = parsed.redirections.find(r => r.operator === '<');
    const heredoc = parsed.redirections.find(r => r.operator === '<<' || r.operator === '<<-');
    if (operands.length === 0) return secretFile(input?.target, secrets) ?? secretInHeredoc(heredoc?.target, secrets);
    return operands.map(o => secretFile(o, secrets)).find(id => id !== undefined);
  }
  if (program?.value === 'echo' || program?.value === 'printf') {
    return args.map(a => secretExpandedIn(a, secrets)).find(id => id !== undefined);
  }
  return undefined;
}

/** The files a command copies a secret to, with the secret's id. */
function secretWrites(words: ShellWord[], parsed: RedirectedCommand, secrets: Secrets, piped: string | undefined) {
  const writes: { id: string; destination: string }[] = [];
  const printed = secretPrinted(words, parsed, secrets);
  if (printed) {
    for (const { target } of parsed.redirections.filter(writesStdout)) {
      if (target) writes.push({ id: printed, destination: target.value });
    }
  }
  const [program, ...args] = words.map(w => w.value);
  if (program === 'tee') {
    const fromFile = secretFile(parsed.redirections.find(r => r.operator === '<')?.target, secrets);
    const id = fromFile ?? piped;
    if (id) args.filter(a => !a.startsWith('-')).forEach(destination => writes.push({ id, destination }));
  }
  if ((program === 'cp' || program === 'install') && !args.some(a => /^(-t|--target-directory)/.test(a))) {
    const operands = args.filter((a, i) => !a.startsWith('-') && !(program === 'install' && /^-[mog]$/.test(args[i - 1] ?? '')));
    const id = operands.length === 2 ? secretFile(words[args.indexOf(operands[0]) + 1], secrets) : undefined;
    if (id) writes.push({ id, destination: operands[1] });
  }
  return writes;
}

/** Variables a plain assignment fills with a secret (`TOKEN="$(cat /run/secrets/npm)"`, `export TOKEN=...`): secrets from then on. */
function assignSecrets(words: ShellWord[], secrets: Secrets, isAssignmentOnly: boolean) {
  if (!isAssignmentOnly && !['export', 'declare', 'readonly', 'local'].includes(words[0]?.value ?? '')) return;
  for (const word of words) {
    const name = /^([A-Za-z_]\w*)=/.exec(word.value)?.[1];
    const id = name ? secretExpandedIn(word, secrets) : undefined;
    if (name && id) secrets.envs.set(name, id);
  }
}

function persistedSecrets(context: RuleContext, instruction: Instruction): Data[] {
  const secrets = secretsOf(instruction);
  if (secrets.files.size === 0 && secrets.envs.size === 0) return [];
  const stage = context.stageOf(instruction);
  const workdir = stage ? workdirBefore(context.graph, stage, instruction) : null;
  const mounted = mountsOf(instruction).flatMap(m => resolvePath(workdir, m.target ?? m.dst ?? m.destination ?? '') ?? []);
  const commands = commandsInDirectories(executedCommands(context, instruction), workdir);
  const parsed = commands.map(c => readRedirections(c.command.text));
  const found: (Data & { index: number })[] = [];
  let printedBefore: string | undefined;
  commands.forEach(({ command }, index) => {
    const all = parsed[index].words;
    const words = all.slice(all.length - programWords(all.map(w => w.value)).length);
    assignSecrets(all, secrets, words.length === 0);
    const piped = command.prev === '|' ? printedBefore : undefined;
    secretWrites(words, parsed[index], secrets, piped).forEach(write => found.push({ ...write, index }));
    const printed = secretPrinted(words, parsed[index], secrets);
    printedBefore = printed && !parsed[index].redirections.some(writesStdout) ? printed : undefined;
  });
  /** A later command that overwrites the file with something else. */
  const overwrittenAfter = (index: number, path: string) =>
    parsed.some((p, at) => at > index && !found.some(f => f.index === at) &&
      p.redirections.some(r => r.operator === '>' && r.fd === null && r.target &&
        resolvePath(commands[at].dir, r.target.value) === path));
  return found.filter(({ destination, index }) => {
    if (destination === '' || /^\/(dev|proc)(\/|$)/.test(destination) || /[`*?]/.test(destination)) return false;
    if (/\$/.test(destination.replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~'))) return false;
    const path = resolvePath(commands[index].dir, destination);
    if (path === null || isCertificatePlace(path) || mounted.some(t => path === t || path.startsWith(`${t}/`))) return false;
    return !mayBeRemovedAfter(commands, index, destination) && !overwrittenAfter(index, path);
  }).filter((write, i, all) => all.findIndex(w => w.id === write.id && w.destination === write.destination) === i);
}

export const secretMountPersisted = defineRule<Data>({
  id: 'secret-mount-persisted',
  severity: 'error',
  category: 'security',
  description: 'A RUN writes the content of a secret mount into a file that stays in the layer.',
  message: ({ id, destination }) =>
    `This RUN writes the secret "${id}" into ${destination}, which stays in the layer (and the image and build cache); ` +
    `mount the secret where the tool reads it (--mount=type=secret,id=${id},target=...) or remove the file in the same RUN`,
  check: context => {
    const problems: Problem<Data>[] = [];
    for (const instruction of context.parsed.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const data of persistedSecrets(context, instruction)) {
        problems.push({
          line: instruction.line,
          endLine: instruction.endLine,
          stage: context.stageOf(instruction)?.index ?? null,
          data: { id: data.id, destination: data.destination },
        });
      }
    }
    return problems;
  },
});
