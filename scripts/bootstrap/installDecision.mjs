/*
 * What an install does next, decided from what Yarn printed: pure functions,
 * so the decision is tested on recorded Yarn outputs (see __fixtures__/).
 *
 * The policy, in short:
 * - Always install from the committed yarn.lock first (`--immutable`). With a
 *   complete lockfile Yarn resolves nothing and fetches only this platform's
 *   packages, so a registry that lacks other platforms' binaries does not
 *   matter.
 * - YN0028 (the lockfile would change) means yarn.lock no longer matches the
 *   package.json files. In CI that is a stale commit: fail, never retry. On a
 *   developer's machine it means dependencies were edited: re-resolve once,
 *   without --immutable.
 * - YN0082 (no candidates) means the registry cannot resolve a package the
 *   lockfile does not already pin. No lockfile is written then: one with a
 *   stand-in for the missing package would break installs on the platforms
 *   that need it. The package.json files and yarn.lock are left byte for byte.
 */

/** The outcome of one `yarn install`, classified from its exit code and output. */
export function classifyInstall({ code, output }) {
  if (code === 0) return { kind: 'installed' };
  const unresolvable = unresolvablePackages(output);
  if (unresolvable.length > 0) return { kind: 'unresolvable', packages: unresolvable };
  if (/\bYN0028\b/.test(output)) return { kind: 'lockfile-stale' };
  return { kind: 'failed', code };
}

/**
 * Packages Yarn could not resolve from the registry (YN0082), as `name@range`
 * the way Yarn names them, without duplicates.
 */
export function unresolvablePackages(output) {
  const found = new Set();
  for (const line of output.split('\n')) {
    if (!/\bYN0082\b/.test(line)) continue;
    // "➤ YN0082: │ @scope/name@npm:^1.2.3: No candidates found"
    const match = /YN0082:\W*((?:@[\w.-]+\/)?[\w.-]+)@(?:npm:)?([^:\s]*)/.exec(line);
    if (match) found.add(match[2] ? `${match[1]}@${match[2]}` : match[1]);
  }
  return [...found].sort();
}

/**
 * The next step after an attempt.
 *
 * @param {object} options
 * @param {'immutable' | 'update'} options.attempt which install just ran
 * @param {{kind: string, packages?: string[], code?: number}} options.outcome from classifyInstall
 * @param {boolean} options.ci whether this is a CI run (never changes yarn.lock)
 * @returns {{action: 'done' | 'update' | 'refuse', summary: string, detail?: string}}
 */
export function decideNext({ attempt, outcome, ci }) {
  switch (outcome.kind) {
    case 'installed':
      return attempt === 'immutable'
        ? { action: 'done', summary: 'installed from the committed yarn.lock (immutable: nothing re-resolved, only this platform\'s packages fetched)' }
        : { action: 'done', summary: 'dependencies had changed: yarn.lock re-resolved from the registry; commit it with the package.json change' };
    case 'lockfile-stale':
      if (attempt === 'immutable' && !ci) {
        return { action: 'update', summary: 'yarn.lock does not match the package.json files (YN0028): dependencies were edited, so re-resolving them once' };
      }
      return {
        action: 'refuse',
        summary: 'the committed yarn.lock is stale: it does not match the package.json files (YN0028)',
        detail:
          'CI installs only what the lockfile pins and never rewrites it. On a development machine, run ' +
          './scripts/bootstrap/install.sh (without CI set), which re-resolves the changed dependencies; then commit yarn.lock.',
      };
    case 'unresolvable':
      return {
        action: 'refuse',
        summary: `the registry cannot resolve ${outcome.packages.length} package(s) that yarn.lock does not pin yet (YN0082): ${outcome.packages.join(', ')}`,
        detail:
          'No lockfile is written with a stand-in for them: it would break installs on the platforms that need them. ' +
          'package.json and yarn.lock are as they were. To proceed: wait until the registry serves these packages, ' +
          'or choose a version of the new dependency whose packages it serves, or resolve the change on a machine ' +
          'whose registry has them and commit that yarn.lock.',
      };
    default:
      return {
        action: 'refuse',
        summary: `yarn install failed (exit ${outcome.code}) for a reason other than the lockfile or the registry's gaps`,
        detail: "See Yarn's output above.",
      };
  }
}
