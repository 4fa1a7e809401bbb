/*
 * BuildKit's check directive, `# check=skip=<rules|all>;error=true`, and the
 * BUILDKIT_DOCKERFILE_CHECK build arg that replaces it, read as BuildKit's
 * linter.ParseLintOptions reads them: up to three `key=value` parts split by
 * `;`; `skip` takes `all` or a comma-separated list of BuildKit check names
 * (case-sensitive, as BuildKit compares them); `error` takes a Go boolean
 * (1, t, T, TRUE, true, True and the false forms); `experimental` is
 * accepted and changes nothing here. Any other key, or a part without `=`,
 * fails the build in BuildKit, so it is a parse error here, on the
 * directive's line. Only rules that carry a BuildKit name (`alsoKnownAs`)
 * are affected: skipped rules report nothing, and with `error=true` their
 * findings are errors, since BuildKit then fails the build on them.
 */
import type { ParsedDockerfile } from '../parser/types';
import type { Rule, Severity, SeverityOverride } from '../rules/types';

export interface CheckOptions {
  skipAll: boolean;
  skip: ReadonlySet<string>;
  errorOnWarning: boolean;
}

const goTrue = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const goFalse = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Parses a check value; throws an Error whose message is BuildKit's. */
export function parseCheckOptions(value: string): CheckOptions {
  const options = { skipAll: false, skip: new Set<string>(), errorOnWarning: false };
  const text = value.trim();
  if (text === '') return options;
  // Go's strings.SplitN(s, ";", 3): the third part keeps any further `;`.
  const parts = text.split(';');
  const limited = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join(';')] : parts;
  for (const part of limited) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`invalid check option "${part}"`);
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (raw === 'all') options.skipAll = true;
      else raw.split(',').forEach(name => options.skip.add(name.trim()));
    } else if (key === 'error') {
      if (goTrue.has(raw)) options.errorOnWarning = true;
      else if (goFalse.has(raw)) options.errorOnWarning = false;
      else throw new Error(`failed to parse check option "${part}": invalid syntax`);
    } else if (key !== 'experimental') {
      throw new Error(`invalid check option "${key}"`);
    }
  }
  return options;
}

export interface CheckDirective {
  options: CheckOptions | null;
  /** A parse error for an invalid value, on the line the value came from. */
  error: { line: number; message: string } | null;
}

/** The check options in force: the build arg when given, else the file's directive. */
export function checkDirectiveOf(parsed: ParsedDockerfile, buildArgs: Record<string, string> = {}): CheckDirective {
  const directive = parsed.directives.find(d => d.name === 'check');
  const fromArg = Object.prototype.hasOwnProperty.call(buildArgs, 'BUILDKIT_DOCKERFILE_CHECK');
  const value = fromArg ? buildArgs.BUILDKIT_DOCKERFILE_CHECK : directive?.value;
  if (value === undefined) return { options: null, error: null };
  try {
    return { options: parseCheckOptions(value), error: null };
  } catch (e) {
    const where = fromArg ? 'build arg BUILDKIT_DOCKERFILE_CHECK: ' : '';
    return { options: null, error: { line: directive && !fromArg ? directive.line : 1, message: `${where}${(e as Error).message}` } };
  }
}

/** The BuildKit check names a rule carries, e.g. `['ExposeInvalidFormat', 'ExposeProtoCasing']`. */
export function buildkitNamesOf(rule: Rule<unknown>): string[] {
  return rule.alsoKnownAs ? rule.alsoKnownAs.split(',').map(name => name.trim()) : [];
}

/** What the check options make of a rule's severity; undefined when they leave it alone. */
export function severityUnderCheck(rule: Rule<unknown>, options: CheckOptions | null): SeverityOverride | undefined {
  const names = buildkitNamesOf(rule);
  if (!options || names.length === 0) return undefined;
  if (options.skipAll || names.every(name => options.skip.has(name))) return 'off';
  return options.errorOnWarning ? ('error' satisfies Severity) : undefined;
}
