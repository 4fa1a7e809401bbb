/*
 * What a recognised package-manager command's flags and environment say
 * about it: it only fetches for a later step, it stays offline, it only
 * prints, or it bypasses the tool's cache.
 */
import type { PackageAction, PackageManager } from './packageManagers';

/** Commands that only fetch what a later step reads from the layer, by manager and subcommand or goal. */
export function fetchesOnly(manager: PackageManager, subcommand: string, operands: string[], action: PackageAction): boolean {
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
export function isOffline(manager: PackageManager, flags: string[], env: string[]): boolean {
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
export function printsOnly(manager: PackageManager, flags: string[]): boolean {
  return flags.some(f => f === '--help' || f === '-h' || f === '--version' || (f === '-v' && versionDashV.has(manager)));
}

export function bypasses(manager: PackageManager, flags: string[], env: string[]): boolean {
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

