/*
 * Global tool installs and whether they name a version: `npm install -g
 * typescript` gets whatever typescript is newest on the day the layer is
 * built, `npm install -g typescript@5.4.5` gets the same thing every time.
 * Only names this reader is sure are registry packages are judged: paths,
 * URLs, Git sources and whole-word variables are not, and pip is judged only
 * outside a requirements or constraints flow.
 */
import type { ShellCommand } from '../../shell/shellCommands';
import { withoutLeadingKeywords } from './shellKeywords';

export type Installer = 'npm install -g' | 'pnpm add -g' | 'yarn global add' | 'pip install' | 'go install' | 'cargo install' | 'gem install';

export interface ToolInstall {
  installer: Installer;
  /** The packages named without a version, as written. */
  unpinned: string[];
}

const prefixCommands = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command']);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Flags that take the next word as their value, per tool (only when written without `=`). */
const valueFlags: Record<string, Set<string>> = {
  node: new Set(['--prefix', '--registry', '--loglevel', '--cache', '--omit', '--include', '--tag', '--location', '-w', '--workspace',
    '--userconfig', '--dir', '-C', '--filter', '--store-dir', '--global-dir', '--cwd', '--network-timeout', '--modules-folder',
    '--cache-folder', '--global-folder', '--mutex']),
  pip: new Set(['-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root',
    '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--progress-bar', '--src', '--upgrade-strategy',
    '--global-option', '--install-option', '-C', '--config-settings', '--cache-dir', '--log', '--proxy', '--timeout', '--retries',
    '--exists-action', '--cert', '--client-cert', '--only-binary', '--no-binary', '--report', '--python']),
  go: new Set(['-o', '-ldflags', '-gcflags', '-asmflags', '-tags', '-mod', '-modfile', '-p', '-pkgdir', '-toolexec', '-buildmode',
    '-compiler', '-overlay', '-pgo', '-C', '-gccgoflags', '-installsuffix']),
  cargo: new Set(['--version', '--vers', '--git', '--branch', '--tag', '--rev', '--path', '--root', '--index', '--registry',
    '--features', '-F', '--target', '--target-dir', '--profile', '--bin', '--example', '-j', '--jobs', '--config', '-Z', '--color']),
  gem: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '-p', '--http-proxy', '--platform',
    '--build-root', '--document', '-P', '--trust-policy', '-g', '--file']),
};

/** The command's own words, without `VAR=x`, `sudo` and the like. */
function commandWords(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    if (assignment.test(words[i]) || prefixCommands.has(words[i])) i++;
    else if (i > 0 && prefixCommands.has(words[i - 1]) && words[i].startsWith('-')) i++;
    else break;
  }
  return words.slice(i);
}

/** Positional words and flags (flag values included, `--flag=value` kept whole). */
function splitArgs(args: string[], takesValue: Set<string>): { positional: string[]; flags: string[] } {
  const positional: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('-')) {
      flags.push(args[i]);
      if (takesValue.has(args[i]) && i + 1 < args.length) flags.push(args[++i]);
    } else positional.push(args[i]);
  }
  return { positional, flags };
}

const hasFlag = (flags: string[], ...names: string[]) => flags.some(f => names.includes(f) || names.some(n => f.startsWith(`${n}=`)));

/** An npm-style package name, `name` or `@scope/name`, with an optional `@version`. */
const nodePackage = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@(.+))?$/i;
const nodeUnpinned = (spec: string) => {
  const match = /\.(tgz|tar\.gz)$/.test(spec) ? null : nodePackage.exec(spec);
  return match !== null && (match[2] === undefined || match[2] === 'latest');
};

/** A PyPI name with optional extras and nothing else: any version specifier or URL pins it one way or another. */
const pipName = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?$/;
/** pip, setuptools and wheel refresh the installer itself; their versions are not the image's tools. */
const pipBootstrap = /^(pip|setuptools|wheel)$/i;
const pathLike = (word: string) => /^[./~]/.test(word) || /[/:]/.test(word) || /\.(whl|zip|tar\.gz|tgz|txt|in|toml|cfg|py)$/.test(word);
/** `-r`, `-c` or `-e`, alone or in a cluster of short flags (`-qr`, `-rreqs.txt`). */
const requirementsFlag = /^-[a-zA-Z]*[rce]/;

function npmLike(installer: Installer, args: string[]): ToolInstall | null {
  const { positional, flags } = splitArgs(args, valueFlags.node);
  const location = flags.indexOf('--location');
  const global = hasFlag(flags, '-g', '--global') || flags.includes('--location=global') || (location >= 0 && flags[location + 1] === 'global');
  if (installer === 'yarn global add') {
    if (positional[0] !== 'global' || positional[1] !== 'add') return null;
    return { installer, unpinned: positional.slice(2).filter(nodeUnpinned) };
  }
  const subcommands = installer === 'npm install -g'
    ? /^(i|in|ins|inst|insta|instal|install|isnt|isntall|add)$/
    : /^(add|i|install)$/;
  if (!global || !subcommands.test(positional[0] ?? '')) return null;
  return { installer, unpinned: positional.slice(1).filter(nodeUnpinned) };
}

/**
 * Command-line tools installed with pip: a tool's version changes what the
 * build does. Libraries a project needs belong in its requirements (judged
 * as unpinned there by the project's own lockfile tooling, not here).
 */
const pipTools = /^(poetry|pipenv|pdm|hatch|uv|tox|nox|pre-commit|black|ruff|flake8|pylint|mypy|isort|twine|build|cibuildwheel|maturin|pipx|virtualenv|ansible|awscli|cookiecutter|dvc|mkdocs|sphinx|supervisor|gunicorn|uvicorn)$/i;

function pipInstall(args: string[]): ToolInstall | null {
  const { positional, flags } = splitArgs(args, valueFlags.pip);
  if (positional[0] !== 'install') return null;
  // `--upgrade` asks for the newest on purpose.
  if (hasFlag(flags, '--upgrade') || flags.includes('-U')) return null;
  const fromFiles = hasFlag(flags, '--requirement', '--constraint', '--editable') || flags.some(f => requirementsFlag.test(f));
  if (fromFiles) return null;
  const operands = positional.slice(1).filter(w => !w.startsWith('$'));
  if (operands.some(pathLike)) return null;
  return {
    installer: 'pip install',
    unpinned: operands.filter(w => pipName.test(w) && !pipBootstrap.test(w) && pipTools.test(w.replace(/\[.*$/, ''))),
  };
}

function goInstall(args: string[]): ToolInstall | null {
  const { positional } = splitArgs(args, valueFlags.go);
  if (positional[0] !== 'install') return null;
  return { installer: 'go install', unpinned: positional.slice(1).filter(p => /@(latest|master|main|HEAD)$/.test(p)) };
}

function cargoInstall(args: string[]): ToolInstall | null {
  const { positional, flags } = splitArgs(args, valueFlags.cargo);
  if (positional[0] !== 'install' || hasFlag(flags, '--version', '--vers', '--git', '--path')) return null;
  return { installer: 'cargo install', unpinned: positional.slice(1).filter(p => /^[A-Za-z0-9][\w-]*$/.test(p)) };
}

function gemInstall(args: string[]): ToolInstall | null {
  const { positional, flags } = splitArgs(args, valueFlags.gem);
  if (positional[0] !== 'install' || hasFlag(flags, '-v', '--version', '-g', '--file') || flags.some(f => /^-v./.test(f))) return null;
  return { installer: 'gem install', unpinned: positional.slice(1).filter(p => /^[A-Za-z0-9][\w.-]*$/.test(p) && !p.endsWith('.gem')) };
}

/** A global tool install and the packages it names without a version; null for any other command. */
export function toolInstall(command: ShellCommand): ToolInstall | null {
  const words = commandWords(withoutLeadingKeywords(command).words);
  if (words.length === 0) return null;
  const program = words[0].slice(words[0].lastIndexOf('/') + 1);
  const args = words.slice(1);
  if (program === 'npm') return npmLike('npm install -g', args);
  if (program === 'pnpm') return npmLike('pnpm add -g', args);
  if (program === 'yarn') return npmLike('yarn global add', args);
  if (/^pip(\d+(\.\d+)?)?$/.test(program)) return pipInstall(args);
  if (/^python(\d+(\.\d+)?)?$/.test(program) && args[0] === '-m' && /^pip\d*$/.test(args[1] ?? '')) return pipInstall(args.slice(2));
  if (program === 'go') return goInstall(args);
  if (program === 'cargo') return cargoInstall(args);
  if (program === 'gem') return gemInstall(args);
  return null;
}
