/*
 * What package-manager commands a RUN executes, where each tool keeps its
 * download cache in the official images (as root), and which commands empty
 * that cache. Rules about cache mounts, layer clean-up and dependency installs
 * all read RUN scripts through this one table so they agree on what `npm ci`
 * or `apk add --no-cache` means.
 */
import type { ShellCommand } from '../../shell/shellCommands';
import { normalizePath } from './cachePaths';
import { classify } from './packageManagerCommands';
import { bypasses, fetchesOnly, isOffline, printsOnly } from './packageCommandTraits';

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
