import { createTwoFilesPatch } from 'diff';

/** A unified diff of the Dockerfile, as `git apply` and `patch -p1` take it. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  // The library starts with a "=====" rule line, which neither tool needs.
  return patch.replace(/^=+\n/, '');
}
