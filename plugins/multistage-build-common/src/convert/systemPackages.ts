/*
 * System packages the input installs with apt-get or apk. They go into the
 * build stages as one RUN (update and install together, so the index is
 * never stale; apt's caches mounted); the runtime stage stays slim, and the
 * note says so.
 */
import { aptCaches, run } from './dockerfileText';
import type { SourceCommand, SourceFacts } from './types';

/** Flags whose value is the next word, not a package. */
const valueFlags = new Set(['--virtual', '-t', '-o', '--option', '-X', '--repository', '-c', '--config-file']);


/** Commands that only keep the package index tidy; the converter writes its own. */
export function isPackageHousekeeping(command: SourceCommand): boolean {
  const [tool, action] = command.words;
  if (tool === 'apt-get' || tool === 'apt') {
    return ['update', 'upgrade', 'dist-upgrade', 'clean', 'autoremove'].includes(action);
  }
  if (tool === 'apk') return ['update', 'upgrade'].includes(action);
  if (tool === 'rm') return command.words.some(w => w.startsWith('/var/lib/apt/lists') || w.startsWith('/var/cache/apk'));
  return false;
}

/** True for `apt-get install` and `apk add` commands. */
export function isSystemPackageInstall(command: SourceCommand): boolean {
  const [tool, action] = command.words;
  return ((tool === 'apt-get' || tool === 'apt') && action === 'install') || (tool === 'apk' && action === 'add');
}

/** The RUN that installs the input's system packages in a build stage, or nothing. */
export function systemPackageLines(facts: SourceFacts, notes: string[]): string[] {
  const installs = facts.commands.filter(isSystemPackageInstall);
  if (installs.length === 0) return [];
  const packages = new Set<string>();
  for (const command of installs) {
    const words = command.words.slice(2);
    words.forEach((word, i) => {
      if (!word.startsWith('-') && !valueFlags.has(words[i - 1])) packages.add(word);
    });
  }
  const names = [...packages].join(' ');
  notes.push(`System packages (${names}) are installed in the build stages only; add the runtime libraries the app needs to the runtime stage.`);
  if (installs[0].words[0] === 'apk') return [run(`apk add --no-cache ${names}`)];
  // docker-clean would delete the downloaded packages after each install, emptying the cache mount.
  return [
    run(
      `rm -f /etc/apt/apt.conf.d/docker-clean \\\n    && apt-get update \\\n    && apt-get install -y --no-install-recommends ${names}`,
      aptCaches,
    ),
  ];
}
