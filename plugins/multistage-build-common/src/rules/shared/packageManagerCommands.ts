/*
 * Which program and subcommand is which package manager doing what: `npm ci`
 * installs, `go build` builds, `apk cache clean` empties the cache. The table
 * behind packageCommand() in packageManagers.ts.
 */
import type { PackageAction, PackageManager } from './packageManagers';

export type Classified = { manager: PackageManager; action: PackageAction; subWords: number; cacheDirs?: string[] } | null;

/** Maps a program and its positional words to manager, action and how many words the subcommand takes. */
export function classify(program: string, pos: string[]): Classified {
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

