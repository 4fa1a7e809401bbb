/*
 * Paths as the cache rules compare them: normalised (`~` and `$HOME` are
 * /root), and what a RUN's mounts keep out of its layer.
 */
import type { Instruction } from '../../parser/types';
import { mountsOf } from '../../stages/stageGraph';

/** Normalises a path for comparison: `~` and `$HOME` become /root, globs and trailing slashes go. */
export function normalizePath(path: string): string {
  const normalized = path
    .replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root')
    .replace(/(\/\*[^/]*|\/\.)+$/, '')
    .replace(/\/+$/, '');
  return normalized === '' && path.startsWith('/') ? '/' : normalized;
}

/** True when one path is the other or lies inside it. */
export function pathsOverlap(a: string, b: string): boolean {
  const x = normalizePath(a);
  const y = normalizePath(b);
  if (x === '' || y === '') return false;
  return x === y || x === '/' || y === '/' || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/** The targets of a RUN's `--mount=type=cache` flags, normalised. */
export function cacheMountTargets(instruction: Instruction): string[] {
  return mountsOf(instruction)
    .filter(m => m.type === 'cache')
    .map(m => m.target ?? m.dst ?? m.destination ?? '')
    .filter(t => t !== '')
    .map(normalizePath);
}

/** The mounts (cache or tmpfs) that keep a path out of the layer. */
export function mountedAwayTargets(instruction: Instruction): string[] {
  return mountsOf(instruction)
    .filter(m => m.type === 'cache' || m.type === 'tmpfs')
    .map(m => normalizePath(m.target ?? m.dst ?? m.destination ?? ''))
    .filter(t => t !== '');
}
