/*
 * What an install does next, decided from what Yarn printed: pure functions,
 * so the decision is tested on recorded Yarn outputs (see __fixtures__/).
 *
 * The policy:
 * - Always install from the committed yarn.lock first (`--immutable`). With a
 *   complete lockfile Yarn resolves nothing and fetches only this platform's
 *   packages (packages with `conditions:` for other platforms are never
 *   requested), so a registry that lacks other platforms' binaries passes.
 * - YN0028 (the lockfile would change) means yarn.lock no longer matches the
 *   package.json files. In CI that is a stale commit: fail, never retry. On a
 *   developer's machine it means dependencies were edited: re-resolve once,
 *   without --immutable.
 * - YN0035 (package not found) or YN0082 (no candidates) means the registry
 *   cannot resolve a package that yarn.lock does not pin yet. No lockfile is
 *   written then: one with a stand-in for the missing package would break
 *   installs on the platforms that need it. Yarn stops at the first such
 *   package, so on a developer's machine a probe finds them all (throw-away
 *   resolutions with stand-ins, files restored byte for byte) to list them.
 */

/** Yarn's codes for "the registry cannot give us this package". */
const unresolvableCodes = /\b(YN0035|YN0082)\b/;

/** The outcome of one `yarn install`, classified from its exit code and output. */
export function classifyInstall({ code, output: raw }) {
  if (code === 0) return { kind: 'installed' };
  // Without colour codes, in case a terminal or CI forced them on.
  const output = raw.replace(/\x1b\[[0-9;]*m/g, '');
  const unresolvable = unresolvablePackages(output);
  if (unresolvable.length > 0) return { kind: 'unresolvable', packages: unresolvable };
  if (/\bYN0028\b/.test(output)) return { kind: 'lockfile-stale' };
  return { kind: 'failed', code };
}

/**
 * Packages Yarn could not resolve from the registry, as `name@range` the way
 * Yarn names them, sorted, without duplicates.
 *   "➤ YN0082: │ name@npm:99.0.0: No candidates found"
 *   "➤ YN0035: │ @scope/name@npm:1.30.1: Package not found"
 */
export function unresolvablePackages(output) {
  const found = new Set();
  for (const line of output.split('\n')) {
    if (!unresolvableCodes.test(line)) continue;
    const match = /(?:YN0035|YN0082):\W*((?:@[\w.-]+\/)?[\w.-]+)@(?:npm:)?(\S*?): (?:No candidates found|Package not found)/.exec(line);
    if (match) found.add(`${match[1]}@${match[2]}`);
  }
  return [...found].sort();
}

/** The name part of `name@range`. */
export function packageName(descriptor) {
  return descriptor.slice(0, descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0));
}

/**
 * The next step after an install attempt.
 *
 * @param {object} options
 * @param {'immutable' | 'update'} options.attempt which install just ran
 * @param {{kind: string, packages?: string[], code?: number}} options.outcome from classifyInstall
 * @param {boolean} options.ci whether this is a CI run (never changes yarn.lock)
 * @returns {{action: 'done' | 'update' | 'probe' | 'refuse', summary: string, detail?: string}}
 */
export function decideNext({ attempt, outcome, ci }) {
  switch (outcome.kind) {
    case 'installed':
      return attempt === 'immutable'
        ? { action: 'done', summary: "installed from the committed yarn.lock (immutable: nothing re-resolved, only this platform's packages fetched)" }
        : { action: 'done', summary: 'dependencies had changed, so yarn.lock was re-resolved from the registry; commit it with the package.json change' };
    case 'lockfile-stale':
      if (attempt === 'immutable' && !ci) {
        return { action: 'update', summary: 'yarn.lock does not match the package.json files (YN0028): dependencies were edited, so resolving the change once' };
      }
      return staleInCi('it does not match the package.json files (YN0028)');
    case 'unresolvable':
      if (ci) {
        return staleInCi(`it does not pin ${outcome.packages.join(', ')}, and the registry cannot resolve them`);
      }
      return { action: 'probe', summary: `the registry cannot resolve ${outcome.packages.join(', ')}; looking for any others before refusing` };
    default:
      return {
        action: 'refuse',
        summary: `yarn install failed (exit ${outcome.code}) for a reason other than the lockfile or the registry's gaps`,
        detail: "See Yarn's output above.",
      };
  }
}

function staleInCi(why) {
  return {
    action: 'refuse',
    summary: `the committed yarn.lock is stale: ${why}`,
    detail:
      'CI installs only what the lockfile pins and never rewrites it. On a development machine, run ' +
      './scripts/bootstrap/install.sh (without CI set), which resolves the changed dependencies; then commit yarn.lock.',
  };
}

/** The refusal once every package the registry cannot resolve is known. */
export function refuseUnresolvable(packages) {
  return {
    action: 'refuse',
    summary: `the registry cannot resolve ${packages.length} package(s) that yarn.lock does not pin yet: ${packages.join(', ')}`,
    detail:
      'No lockfile is written with stand-ins for them: it would break installs on the platforms that need them. ' +
      'package.json and yarn.lock are as they were. To proceed: wait until the registry serves these packages, ' +
      'or pick a version of the new dependency whose packages it serves, or resolve the change on a machine ' +
      'whose registry has them and commit that yarn.lock.',
  };
}
