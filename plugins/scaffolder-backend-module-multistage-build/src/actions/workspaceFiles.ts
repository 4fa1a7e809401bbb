/*
 * Reading and writing inside the task's workspace only: every path is
 * resolved with resolveSafeChildPath, so `..` and absolute paths that leave
 * the workspace fail with an InputError instead of touching the host.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The absolute path of `path` inside the workspace; an InputError naming it (as `label`) when it leaves. */
export function safePath(workspacePath: string, path: string, label = path): string {
  try {
    return resolveSafeChildPath(workspacePath, path);
  } catch {
    throw new InputError(`${label} is outside the workspace; give a path relative to it`);
  }
}

/** The file's text, or an InputError that names it. */
/** The largest Dockerfile the actions read, as the backend's default `maxDockerfileBytes`. */
export const maxDockerfileBytes = 1 << 20;

export async function readWorkspaceFile(workspacePath: string, path: string): Promise<string> {
  const file = safePath(workspacePath, path);
  const size = await stat(file).then(s => s.size, () => 0);
  if (size > maxDockerfileBytes) {
    throw new InputError(`${path} in the workspace is ${size} bytes; Dockerfiles over ${maxDockerfileBytes} bytes are not read`);
  }
  const buffer = await readFile(file).catch(e => {
    throw new InputError(`Cannot read ${path} in the workspace: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  });
  if (buffer.includes(0)) throw new InputError(`${path} in the workspace is binary, not a Dockerfile`);
  return buffer.toString('utf8');
}

/** Writes the files; refuses to replace an existing one unless `overwrite`. */
export async function writeWorkspaceFiles(
  workspacePath: string,
  files: Record<string, string>,
  options: { overwrite: boolean },
): Promise<void> {
  const targets = Object.entries(files).map(([path, text]) => ({ path, file: safePath(workspacePath, path), text }));
  if (!options.overwrite) {
    for (const { path, file } of targets) {
      const exists = await access(file).then(() => true, () => false);
      if (exists) throw new InputError(`${path} already exists in the workspace; set overwrite: true to replace it`);
    }
  }
  for (const { file, text } of targets) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

/** `dir/name`, or `name` for the workspace root. */
export function joinWorkspacePath(dir: string, name: string): string {
  const trimmed = dir.replace(/\/+$/, '');
  return trimmed === '' || trimmed === '.' ? name : `${trimmed}/${name}`;
}
