/*
 * What package-manager commands a RUN executes, where each tool keeps its
 * download cache in the official images (as root), and which commands empty
 * that cache. Rules about cache mounts, layer clean-up and dependency installs
 * all read RUN scripts through this one table so they agree on what `npm ci`
 * or `apk add --no-cache` means.
 */
import type { ShellCommand } from '../../shell/shellCommands';
import { normalizePath } from './cachePaths';

export type PackageManager =
  | 'npm' | 'yarn' | 'pnpm' | 'pip' | 'uv' | 'poetry' | 'apt' | 'apk' | 'dnf'
  | 'go' | 'cargo' | 'maven' | 'gradle' | 'dotnet';

/** `install` also covers downloads and restores; `build` compiles; `cacheClean` empties the tool's cache. */
export type PackageAction = 'install' | 'update' | 'upgrade' | 'build' | 'remove' | 'cacheClean';

export interface PackageCommand {
  manager: PackageManager;
  action: PackageAction;
  /** The subcommand, e.g. `ci`, `install`, `mod download`; empty for a bare `yarn`. */
  subcommand: string;
  /** Words after the subcommand that are not flags: packages, goals, paths. */
  operands: string[];
  /** Words after the program that start with `-`. */
  flags: string[];
  /** The cache directories this command fills or (for `cacheClean`) empties; where a cache mount goes. */
  cacheDirs: string[];
  /** A flag or variable tells the tool not to use its cache (`pip --no-cache-dir`, `apk --no-cache`). */
  bypassesCache: boolean;
  /**
   * The command only downloads dependencies so that a later step can use them from the layer
   * (`go mod download`, `pnpm fetch`, `dotnet restore`, `mvn dependency:go-offline`, `apt-get update`).
   */
  fetchOnly: boolean;
  /**
   * The command is told not to download (`mvn -o`, `pnpm install --offline`, `dotnet publish --no-restore`,
   * `GOPROXY=off`): it reads dependencies an earlier step left in the layer, and its `cacheDirs` keep only
   * compile caches.
   */
  offline: boolean;
  command: ShellCommand;
}

/** Every place each tool may keep its cache; the first is the default in the official images. */
export const cacheLocations: Record<PackageManager, string[]> = {
  npm: ['/root/.npm'],
  yarn: ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn/berry/cache'],
  pnpm: ['/root/.local/share/pnpm/store', '/pnpm/store', '/root/.pnpm-store'],
  pip: ['/root/.cache/pip'],
  uv: ['/root/.cache/uv'],
  poetry: ['/root/.cache/pypoetry'],
  apt: ['/var/cache/apt', '/var/lib/apt'],
  // apk only keeps packages when /etc/apk/cache exists (often a link to /var/cache/apk).
  apk: ['/etc/apk/cache', '/var/cache/apk'],
  dnf: ['/var/cache/dnf', '/var/cache/yum'],
  go: ['/go/pkg/mod', '/root/.cache/go-build', '/root/go/pkg/mod'],
  cargo: ['/usr/local/cargo/registry', '/usr/local/cargo/git', '/root/.cargo/registry'],
  // Only the repository: /root/.m2 also holds settings.xml and settings-security.xml.
  maven: ['/root/.m2/repository'],
  gradle: ['/root/.gradle'],
  dotnet: ['/root/.nuget/packages'],
};

const prefixCommands = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command']);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Flags that take the next word as their value, so it is not an operand. */
const valueFlags = new Set(['-o', '-t', '--virtual', '-X', '--repository', '--prefix', '-f', '--file', '-r', '--requirement', '-c', '--constraint', '-p', '--project', '-C', '--only', '--with', '--without']);

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Strips `VAR=x`, `sudo`, `env` and the like; returns the real command's words and the assignments. */
function unwrap(words: string[]): { words: string[]; env: string[] } {
  const env: string[] = [];
  let i = 0;
  while (i < words.length) {
    if (assignment.test(words[i])) env.push(words[i++]);
    else if (prefixCommands.has(words[i])) i++;
    else if (i > 0 && prefixCommands.has(words[i - 1]) && words[i].startsWith('-')) i++;
    else break;
  }
  return { words: words.slice(i), env };
}

function splitArgs(args: string[]): { positional: string[]; flags: string[] } {
  const positional: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('-')) {
      flags.push(args[i]);
      if (valueFlags.has(args[i]) && i + 1 < args.length) flags.push(args[++i]);
    } else positional.push(args[i]);
  }
  return { positional, flags };
}

type Classified = { manager: PackageManager; action: PackageAction; subWords: number; cacheDirs?: string[] } | null;

/** Maps a program and its positional words to manager, action and how many words the subcommand takes. */
function classify(program: string, pos: string[]): Classified {
  const [a = '', b = ''] = pos;
  const run = (m: PackageManager, script: string): Classified =>
    /build|compile|bundle|dist/.test(script) ? { manager: m, action: 'build', subWords: 2 } : null;
  if (program === 'npm') {
    if (/^(i|in|ins|inst|insta|instal|install|isnt|isntall|add|ci|clean-install|ic|install-clean|update|up|upgrade)$/.test(a)) return { manager: 'npm', action: 'install', subWords: 1 };
    if (a === 'cache' && /^(clean|clear|rm)$/.test(b)) return { manager: 'npm', action: 'cacheClean', subWords: 2 };
    if (/^(uninstall|remove|rm|r|un|unlink)$/.test(a)) return { manager: 'npm', action: 'remove', subWords: 1 };
    if (a === 'run' || a === 'run-script') return run('npm', b);
    return null;
  }
  if (program === 'yarn' || program === 'pnpm') {
    const m = program;
    // A bare `yarn` installs; a bare `pnpm` only prints its help.
    if (a === '' && m === 'yarn') return { manager: m, action: 'install', subWords: 0 };
    if (/^(install|i|add|fetch|update|upgrade)$/.test(a)) return { manager: m, action: 'install', subWords: 1 };
    if (a === 'global' && b === 'add') return { manager: m, action: 'install', subWords: 2 };
    if ((a === 'cache' && b === 'clean') || (a === 'store' && b === 'prune')) return { manager: m, action: 'cacheClean', subWords: 2 };
    if (/^(remove|rm|uninstall)$/.test(a)) return { manager: m, action: 'remove', subWords: 1 };
    if (a === 'run') return run(m, b);
    return /^(build|compile|bundle|dist)$/.test(a) ? { manager: m, action: 'build', subWords: 1 } : null;
  }
  if (/^pip(\d+(\.\d+)?)?$/.test(program)) {
    if (a === 'install' || a === 'download' || a === 'wheel') return { manager: 'pip', action: 'install', subWords: 1 };
    if (a === 'uninstall') return { manager: 'pip', action: 'remove', subWords: 1 };
    if (a === 'cache' && /^(purge|remove)$/.test(b)) return { manager: 'pip', action: 'cacheClean', subWords: 2 };
    return null;
  }
  if (program === 'uv') {
    if (a === 'pip' && b === 'install') return { manager: 'uv', action: 'install', subWords: 2 };
    if (a === 'tool' && b === 'install') return { manager: 'uv', action: 'install', subWords: 2 };
    if (/^(sync|add)$/.test(a)) return { manager: 'uv', action: 'install', subWords: 1 };
    if (a === 'cache' && /^(clean|prune)$/.test(b)) return { manager: 'uv', action: 'cacheClean', subWords: 2 };
    return a === 'build' ? { manager: 'uv', action: 'build', subWords: 1 } : null;
  }
  if (program === 'poetry') {
    if (/^(install|add|update|sync)$/.test(a)) return { manager: 'poetry', action: 'install', subWords: 1 };
    if (a === 'cache' && b === 'clear') return { manager: 'poetry', action: 'cacheClean', subWords: 2 };
    return a === 'build' ? { manager: 'poetry', action: 'build', subWords: 1 } : null;
  }
  if (program === 'apt-get' || program === 'apt' || program === 'aptitude') {
    if (a === 'install') return { manager: 'apt', action: 'install', subWords: 1 };
    if (a === 'update') return { manager: 'apt', action: 'update', subWords: 1, cacheDirs: ['/var/lib/apt'] };
    if (/^(upgrade|dist-upgrade|full-upgrade)$/.test(a)) return { manager: 'apt', action: 'upgrade', subWords: 1 };
    if (/^(remove|purge|autoremove)$/.test(a)) return { manager: 'apt', action: 'remove', subWords: 1 };
    if (/^(clean|autoclean)$/.test(a)) return { manager: 'apt', action: 'cacheClean', subWords: 1, cacheDirs: ['/var/cache/apt'] };
    return null;
  }
  if (program === 'apk') {
    const actions: Record<string, PackageAction> = { add: 'install', update: 'update', upgrade: 'upgrade', del: 'remove' };
    if (actions[a]) return { manager: 'apk', action: actions[a], subWords: 1 };
    if (a === 'cache' && /^(clean|purge)$/.test(b)) return { manager: 'apk', action: 'cacheClean', subWords: 2 };
    return null;
  }
  if (/^(dnf|yum|microdnf)$/.test(program)) {
    if (a === 'install') return { manager: 'dnf', action: 'install', subWords: 1 };
    if (/^(update|upgrade)$/.test(a)) return { manager: 'dnf', action: 'upgrade', subWords: 1 };
    if (/^(remove|erase)$/.test(a)) return { manager: 'dnf', action: 'remove', subWords: 1 };
    return a === 'clean' ? { manager: 'dnf', action: 'cacheClean', subWords: 1 } : null;
  }
  if (program === 'go') {
    if (a === 'mod' && b === 'download') return { manager: 'go', action: 'install', subWords: 2, cacheDirs: ['/go/pkg/mod'] };
    if (a === 'get') return { manager: 'go', action: 'install', subWords: 1, cacheDirs: ['/go/pkg/mod'] };
    if (/^(build|install|test)$/.test(a)) return { manager: 'go', action: 'build', subWords: 1, cacheDirs: ['/go/pkg/mod', '/root/.cache/go-build'] };
    return a === 'clean' ? { manager: 'go', action: 'cacheClean', subWords: 1 } : null;
  }
  if (program === 'cargo') {
    if (a === 'fetch') return { manager: 'cargo', action: 'install', subWords: 1 };
    return /^(build|install|test)$/.test(a) ? { manager: 'cargo', action: 'build', subWords: 1 } : null;
  }
  if (program === 'mvn' || program === 'mvnw') {
    if (pos.some(p => p === 'dependency:purge-local-repository')) return { manager: 'maven', action: 'cacheClean', subWords: 0 };
    const fetchOnly = pos.length > 0 && pos.every(p => /^dependency:(go-offline|resolve|resolve-plugins)$/.test(p));
    return { manager: 'maven', action: fetchOnly ? 'install' : 'build', subWords: 0 };
  }
  if (program === 'gradle' || program === 'gradlew') {
    const fetchOnly = pos.length > 0 && pos.every(p => p === 'dependencies');
    return { manager: 'gradle', action: fetchOnly ? 'install' : 'build', subWords: 0 };
  }
  if (program === 'dotnet') {
    if (a === 'restore') return { manager: 'dotnet', action: 'install', subWords: 1 };
    if (a === 'tool' && b === 'install') return { manager: 'dotnet', action: 'install', subWords: 2 };
    if (/^(build|publish|test|pack)$/.test(a)) return { manager: 'dotnet', action: 'build', subWords: 1 };
    return a === 'nuget' && b === 'locals' ? { manager: 'dotnet', action: 'cacheClean', subWords: 2 } : null;
  }
  return null;
}

/** Commands that only fetch what a later step reads from the layer, by manager and subcommand or goal. */
function fetchesOnly(manager: PackageManager, subcommand: string, operands: string[], action: PackageAction): boolean {
  switch (manager) {
    case 'go':
      return subcommand === 'mod download';
    case 'pnpm':
    case 'yarn':
    case 'cargo':
      return subcommand === 'fetch';
    case 'dotnet':
      return subcommand === 'restore';
    case 'apt':
      return subcommand === 'update';
    case 'maven':
    case 'gradle':
      // classify() calls a goal list made only of dependency goals an install.
      return action === 'install' && operands.length > 0;
    default:
      return false;
  }
}

/** Flags and variables that keep a tool off the network, so it needs what earlier steps downloaded. */
function isOffline(manager: PackageManager, flags: string[], env: string[]): boolean {
  switch (manager) {
    case 'maven':
      return flags.includes('-o') || flags.includes('--offline');
    case 'npm':
    case 'yarn':
    case 'pnpm':
    case 'uv':
      return flags.includes('--offline');
    case 'pip':
      return flags.includes('--no-index');
    case 'cargo':
      return flags.includes('--offline') || flags.includes('--frozen');
    case 'gradle':
      return flags.includes('--offline');
    case 'dotnet':
      return flags.includes('--no-restore');
    case 'go':
      return env.some(e => /^GOPROXY=off$/.test(e) || /^GOFLAGS=.*-mod=vendor/.test(e)) || flags.includes('-mod=vendor');
    default:
      return false;
  }
}

/** `--help`, `-h` and `--version` only print; `-v` prints the version for these tools (elsewhere it means verbose). */
const versionDashV = new Set<PackageManager>(['npm', 'yarn', 'pnpm', 'maven', 'gradle', 'apt']);
function printsOnly(manager: PackageManager, flags: string[]): boolean {
  return flags.some(f => f === '--help' || f === '-h' || f === '--version' || (f === '-v' && versionDashV.has(manager)));
}

function bypasses(manager: PackageManager, flags: string[], env: string[]): boolean {
  const envNames = env.map(e => e.slice(0, e.indexOf('=')));
  switch (manager) {
    case 'pip':
      return flags.includes('--no-cache-dir') || envNames.includes('PIP_NO_CACHE_DIR');
    case 'apk':
    case 'poetry':
      return flags.includes('--no-cache');
    case 'uv':
      return flags.includes('--no-cache') || flags.includes('-n') || envNames.includes('UV_NO_CACHE');
    default:
      return false;
  }
}

const recognised = Symbol('packageCommand');
type Memo = ShellCommand & { [recognised]?: PackageCommand | null };

/** Recognises one simple command as a package-manager command; null for anything else. */
export function packageCommand(command: ShellCommand): PackageCommand | null {
  // Several rules ask about the same commands (the context caches them per
  // instruction); the answer rides on the command, cheaper than a WeakMap.
  const memo = command as Memo;
  let found = memo[recognised];
  if (found === undefined) {
    found = recognise(command);
    memo[recognised] = found;
  }
  return found;
}

function recognise(command: ShellCommand): PackageCommand | null {
  const { words, env } = unwrap(command.words);
  if (words.length === 0) return null;
  let program = basename(words[0]);
  let rest = words.slice(1);
  if (/^python(\d+(\.\d+)?)?$/.test(program) && rest[0] === '-m' && /^pip\d*$/.test(rest[1] ?? '')) {
    program = 'pip';
    rest = rest.slice(2);
  }
  const { positional, flags } = splitArgs(rest);
  const found = classify(program, positional);
  if (!found || printsOnly(found.manager, flags)) return null;
  let cacheDirs = found.cacheDirs ?? [cacheLocations[found.manager][0]];
  if (found.manager === 'apt' && !found.cacheDirs) cacheDirs = cacheLocations.apt;
  if (found.manager === 'go' && found.action === 'cacheClean') {
    cacheDirs = [...(flags.includes('-modcache') ? ['/go/pkg/mod'] : []), ...(flags.includes('-cache') ? ['/root/.cache/go-build'] : [])];
    if (cacheDirs.length === 0) return null; // plain `go clean` removes build outputs, not caches
  }
  const subcommand = positional.slice(0, found.subWords).join(' ');
  const operands = positional.slice(found.subWords);
  const offline = found.action !== 'cacheClean' && isOffline(found.manager, flags, env);
  // Offline, nothing is downloaded; only Go's compile cache still fills.
  if (offline) cacheDirs = cacheDirs.filter(d => d === '/root/.cache/go-build');
  return {
    manager: found.manager,
    action: found.action,
    subcommand,
    operands,
    flags,
    cacheDirs,
    bypassesCache: bypasses(found.manager, flags, env),
    fetchOnly: fetchesOnly(found.manager, subcommand, operands, found.action),
    offline,
    command,
  };
}

/** The package-manager commands among a RUN's simple commands, in order. */
const packageCommandsMemo = Symbol('packageCommands');

export function packageCommandsIn(commands: ShellCommand[]): PackageCommand[] {
  // The context hands every rule the same commands array: answer once per array.
  const memo = commands as ShellCommand[] & { [packageCommandsMemo]?: PackageCommand[] };
  memo[packageCommandsMemo] ??= commands.flatMap(c => packageCommand(c) ?? []);
  return memo[packageCommandsMemo];
}

export { cacheMountTargets, mountedAwayTargets, normalizePath, pathsOverlap } from './cachePaths';

/** The paths an `rm` command deletes, normalised; empty for any other command. */
export function removedPaths(command: ShellCommand): string[] {
  const { words } = unwrap(command.words);
  if (words.length === 0 || basename(words[0]) !== 'rm') return [];
  return words.slice(1).filter(w => !w.startsWith('-')).map(normalizePath).filter(p => p !== '');
}

/** Whether an install brings in development dependencies (the default for npm, yarn, pnpm and poetry). */
export function installsDevDependencies(pc: PackageCommand, env: { nodeEnvProduction?: boolean } = {}): boolean {
  if (pc.action !== 'install') return false;
  const flags = pc.flags.join(' ');
  switch (pc.manager) {
    case 'npm':
      if (/\s?(-D|--save-dev)\b/.test(flags)) return true;
      if (pc.operands.length > 0 || /-g\b|--global/.test(flags)) return false;
      return !env.nodeEnvProduction && !/--production|--omit[= ]dev|--only[= ]prod/.test(flags);
    case 'yarn':
    case 'pnpm':
      if (/(^|\s)(-D|--dev)\b/.test(flags)) return true;
      if (pc.subcommand === 'add' || pc.subcommand === 'global add') return false;
      return !env.nodeEnvProduction && !/--production|--prod\b|(^|\s)-P\b/.test(flags);
    case 'poetry':
      return pc.subcommand === 'install' && !/--only[= ]main|--without|--no-dev/.test(`${flags} ${pc.operands.join(' ')}`);
    case 'pip':
      return pc.flags.some(f => /(dev|test|lint)[\w.-]*\.txt$/.test(f));
    default:
      return false;
  }
}
