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
  /** Regular files and symlinks sent, with their digests, sorted by path. */
  files: ContextFile[];
  /** Bytes of regular files sent. */
  totalBytes: number;
  /** A fresh tar stream of exactly those files. */
  tar(): NodeJS.ReadableStream;
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
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
  const files: ContextFile[] = [];
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
        files.push({ path, digest: 'symlink', size: 0 });
      } else if (entry.isFile()) {
        const { size } = await lstat(absolute);
        totalBytes += size;
        files.push({ path, digest: await fileDigest(absolute), size });
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
  };
}
