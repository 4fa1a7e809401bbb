/*
 * The build context as `docker build` sends it: every file under the context
 * directory that `.dockerignore` does not exclude (with Docker's own pattern
 * rules, exceptions re-including files inside excluded directories included),
 * and always the Dockerfile and `.dockerignore` themselves. Each file's
 * sha256 is recorded so a later cache miss can name the files that changed.
 */
import ignore from '@balena/dockerignore';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pack } from 'tar-fs';
import type { ContextFile } from '../database/BuildRunStore';

export interface BuildContext {
  /** Regular files and symlinks sent, sorted by path; digests are worked out by `digests()`. */
  files: { path: string; size: number; symlink: boolean }[];
  /** Bytes of regular files sent. */
  totalBytes: number;
  /** A fresh tar stream of exactly those files. */
  tar(): NodeJS.ReadableStream;
  /**
   * Every file's sha256 (symlinks as `symlink`). Separate from the listing so
   * a build can start sending the context while the digests are computed.
   */
  digests(): Promise<ContextFile[]>;
}

/** Files up to this size are read at once; larger ones are streamed. */
const readWholeBelow = 4 * 1024 * 1024;

async function fileDigest(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size < readWholeBelow) hash.update(await readFile(path));
  else for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** `.dockerignore` patterns of a context directory; none when it has no such file. */
async function ignorePatterns(dir: string): Promise<string[]> {
  try {
    return (await readFile(join(dir, '.dockerignore'), 'utf8')).split(/\r?\n/);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/**
 * Lists and digests the context of `dir` (already checked to lie under an
 * allowed root). `dockerfile` is relative to `dir`.
 */
export async function prepareBuildContext(options: { dir: string; dockerfile: string }): Promise<BuildContext> {
  const { dir } = options;
  const rules = ignore().add(await ignorePatterns(dir));
  const alwaysSent = new Set([options.dockerfile.split(sep).join('/'), '.dockerignore']);
  const files: BuildContext['files'] = [];
  let totalBytes = 0;

  // Excluded directories are still walked: a later `!pattern` may re-include files inside them.
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const absolute = join(current, entry.name);
      const path = relative(dir, absolute).split(sep).join('/');
      if (entry.isDirectory()) {
        await walk(absolute);
        continue;
      }
      if (rules.ignores(path) && !alwaysSent.has(path)) continue;
      if (entry.isSymbolicLink()) {
        files.push({ path, size: 0, symlink: true });
      } else if (entry.isFile()) {
        const { size } = await lstat(absolute);
        totalBytes += size;
        files.push({ path, size, symlink: false });
      }
    }
  }
  await walk(dir);
  files.sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));

  const entries = files.map(f => f.path.split('/').join(sep));
  return {
    files,
    totalBytes,
    // Symlinks travel as symlinks (never followed), so nothing outside the root is read.
    tar: () => pack(dir, { entries, dereference: false }) as unknown as NodeJS.ReadableStream,
    digests: () =>
      Promise.all(
        files.map(async f => ({
          path: f.path,
          size: f.size,
          digest: f.symlink ? 'symlink' : await fileDigest(join(dir, ...f.path.split('/')), f.size),
        })),
      ),
  };
}
