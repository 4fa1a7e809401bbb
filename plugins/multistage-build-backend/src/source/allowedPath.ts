import { InputError, NotAllowedError } from '@backstage/errors';
import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** A file under an allowed root, with that root (both with symlinks followed). */
export interface AllowedPath {
  path: string;
  root: string;
}

/**
 * Resolves `relativePath` under `baseDir` and checks that the result, with
 * every symlink followed, lies inside one of `allowedRoots`. `..` segments,
 * absolute paths and symlinks that leave the roots are refused. Roots and the
 * base directory are compared after following their symlinks too, so a root
 * reached through a link (`/tmp` on macOS) works.
 */
export async function resolveUnderAllowedRoots(options: {
  baseDir: string;
  relativePath: string;
  allowedRoots: string[];
  what: string;
}): Promise<AllowedPath> {
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
  const realOrAsIs = (p: string) => realpath(p).catch(() => resolve(p));
  const realBase = await realOrAsIs(baseDir);
  // A file that does not exist yet keeps its place under the real base: the
  // path has no `..`, so it cannot climb out lexically.
  const real = await realpath(resolve(realBase, relativePath)).catch(() =>
    resolve(realBase, relativePath),
  );
  const roots = await Promise.all(allowedRoots.map(realOrAsIs));
  const root = roots.find(r => isInside(r, real) && isInside(r, realBase));
  if (!root) {
    throw new NotAllowedError(
      `${what} '${relativePath}' is outside the allowed roots (multistageBuild.allowedRoots)`,
    );
  }
  return { path: real, root };
}

/**
 * A path as users may see it: relative to its allowed root and prefixed with
 * that root's name (`examples/hello-c/Dockerfile`), so that the server's own
 * directory layout never reaches a browser.
 */
export function displayPath({ path, root }: AllowedPath): string {
  return [basename(root), relative(root, path)].filter(Boolean).join('/');
}
