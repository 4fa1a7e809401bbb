/*
 * BuildKit's automatic platform ARGs. They are in the global scope, so FROM
 * lines (and `--from` values) can use them without declaring them:
 * `FROM binaries-$TARGETOS` picks a stage per target platform. The graph
 * resolves them for the default platform, linux/amd64, and also records which
 * stages the same line selects on other platforms, so a stage built only for
 * darwin is not mistaken for dead code.
 */
import { escapeRegExp } from '../text/escapeRegExp';
import { expandVariables } from './expandVariables';

/** Values for a linux/amd64 build on a linux/amd64 machine. */
export const defaultPlatformArgs: Readonly<Record<string, string>> = {
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
};

export const platformArgNames: readonly string[] = Object.keys(defaultPlatformArgs);

// A character no Dockerfile word holds, standing for "any platform value".
const anyValue = '\u0001';

/**
 * A pattern for the names `word` can expand to on any platform, or null when
 * the word does not depend on a platform ARG.
 */
export function anyPlatformPattern(
  word: string,
  scope: ReadonlyMap<string, string>,
  escapeChar: string,
): RegExp | null {
  if (!word.includes('$')) return null;
  // A build arg or a global ARG default pins the value: it is no variable then.
  const names = platformArgNames.filter(name => scope.get(name) === defaultPlatformArgs[name]);
  return anyValuePattern(word, scope, escapeChar, names);
}

/**
 * A pattern for the names `word` can expand to when each of `names` may hold
 * any value (a build arg can set any global ARG), or null when the word uses
 * none of them.
 */
export function anyValuePattern(
  word: string,
  scope: ReadonlyMap<string, string>,
  escapeChar: string,
  names: readonly string[],
): RegExp | null {
  if (!word.includes('$')) return null;
  const wildcardScope = new Map(scope);
  for (const name of names) wildcardScope.set(name, anyValue);
  const { value } = expandVariables(word, wildcardScope, escapeChar);
  if (!value.includes(anyValue)) return null;
  const source = value
    .split(anyValue)
    .map(escapeRegExp)
    .join('[a-z0-9._/-]*');
  return new RegExp(`^${source}$`, 'i');
}
