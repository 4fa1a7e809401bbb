import { InputError, NotAllowedError } from '@backstage/errors';
import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `relativePath` under `baseDir` and checks that the result, with
 * every symlink followed, lies inside one of `allowedRoots`. `..` segments,
 * absolute paths and symlinks that leave the roots are refused.
 */
export async function resolveUnderAllowedRoots(options: {
  baseDir: string;
  relativePath: string;
  allowedRoots: string[];
  what: string;
}): Promise<string> {
  const { baseDir, relativePath, allowedRoots, what } = options;
  if (isAbsolute(relativePath)) {
    throw new InputError(`${what} must be a relative path, got '${relativePath}'`);
  }
  if (relativePath.split(/[\\/]/).includes('..')) {
    throw new InputError(`${what} must not contain '..', got '${relativePath}'`);
  }
  if (allowedRoots.length === 0) {
    throw new NotAllowedError(
      `${what}: local sources are disabled; list their directories in multistageBuild.allowedRoots`,
    );
  }
  const candidate = resolve(baseDir, relativePath);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    real = candidate; // does not exist yet: the lexical check below still applies
  }
  const roots = await Promise.all(allowedRoots.map(r => realpath(r).catch(() => r)));
  if (!roots.some(root => isInside(root, real) && isInside(root, resolve(baseDir)))) {
    throw new NotAllowedError(
      `${what} '${relativePath}' is outside the allowed roots (multistageBuild.allowedRoots)`,
    );
  }
  return real;
}

/**
 * A path as users may see it: relative to the allowed root that holds it and
 * prefixed with that root's name (`examples/hello-c/Dockerfile`), so that the
 * server's own directory layout never reaches a browser.
 */
export async function displayPath(file: string, allowedRoots: string[]): Promise<string> {
  for (const root of allowedRoots) {
    const real = await realpath(root).catch(() => root);
    if (isInside(real, file)) return [basename(real), relative(real, file)].filter(Boolean).join('/');
  }
  return basename(file);
}
