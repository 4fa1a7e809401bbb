/*
 * The build context as `docker build` sends it: every file under the context
 * directory that `.dockerignore` does not exclude (with Docker's own pattern
 * rules, exceptions re-including files inside excluded directories included),
 * and always the Dockerfile and `.dockerignore` themselves. Each file's
 * sha256 is recorded so a later cache miss can name the files that changed.
 *
 * A context is whatever a repository holds, so the walk is bounded: at most
 * `maxFiles` files and `maxBytes` bytes (refused with a 400 naming the
 * setting as soon as either is passed), excluded directories are not entered
 * unless an exception pattern could re-include something inside them (as
 * Docker's own walk does), files are hashed a few at a time (3,000 files
 * hashed at once ran out of file descriptors), and `.dockerignore` is read
 * only when it is a regular file.
 */
import ignore from '@balena/dockerignore';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
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

/** Limits on one build context; both are configurable (multistageBuild.builds.maxContextFiles / maxContextBytes). */
export interface ContextLimits {
  maxFiles: number;
  maxBytes: number;
}

export const defaultContextLimits: ContextLimits = { maxFiles: 50_000, maxBytes: 1024 * 1024 * 1024 };

/** Files hashed at once. */
const hashConcurrency = 8;

/** `.dockerignore` patterns of a context directory; none when it has no such file. */
async function ignorePatterns(dir: string, what: string): Promise<string[]> {
  const path = join(dir, '.dockerignore');
  const info = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!info) return [];
  // A symlink could point anywhere on the server.
  if (!info.isFile()) throw new InputError(`${what}: .dockerignore must be a regular file, not a link or a directory`);
  return (await readFile(path, 'utf8')).split(/\r?\n/);
}

/** One path segment of a pattern as a regular expression (Go's filepath.Match syntax). */
function segmentPattern(segment: string): RegExp {
  const source = segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

/**
 * Whether an excluded directory must still be entered: only when an exception
 * pattern (`!pattern`) could match it or something inside it, segment by
 * segment. Patterns with `**` may match at any depth, so they always could.
 */
function exceptionsReach(directory: string, exceptions: string[]): boolean {
  const dirSegments = directory.split('/');
  return exceptions.some(exception => {
    // As @balena/dockerignore reads patterns: normalised, with no leading ./ or /.
    const pattern = posix.normalize(exception).replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
    if (pattern.includes('**')) return true;
    const segments = pattern.split('/');
    const shared = Math.min(segments.length, dirSegments.length);
    for (let i = 0; i < shared; i++) {
      if (!segmentPattern(segments[i]).test(dirSegments[i])) return false;
    }
    return true;
  });
}

/** Runs `task` over `items`, `limit` at a time, keeping their order. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Lists and digests the context of `dir` (already checked to lie under an
 * allowed root). `dockerfile` is relative to `dir`.
 */
export async function prepareBuildContext(options: {
  dir: string;
  dockerfile: string;
  limits?: ContextLimits;
  /** Names the context in errors, e.g. `component:default/svc build context`. */
  what?: string;
}): Promise<BuildContext> {
  const { dir } = options;
  const what = options.what ?? 'the build context';
  const limits = options.limits ?? defaultContextLimits;
  const patterns = await ignorePatterns(dir, what);
  const rules = ignore().add(patterns);
  const exceptions = patterns.map(p => p.trim()).filter(p => p.startsWith('!')).map(p => p.slice(1).trim());
  const alwaysSent = new Set([options.dockerfile.split(sep).join('/'), '.dockerignore']);
  const files: BuildContext['files'] = [];
  let totalBytes = 0;

  const tooMany = (setting: string, limit: string) =>
    new InputError(`${what}: more than ${limit} (multistageBuild.builds.${setting}); exclude what the build does not need in .dockerignore`);
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const absolute = join(current, entry.name);
      const path = relative(dir, absolute).split(sep).join('/');
      if (entry.isDirectory()) {
        // An excluded directory is entered only when a `!pattern` may re-include files inside it.
        if (rules.ignores(path) && !exceptionsReach(path, exceptions)) continue;
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
        if (totalBytes > limits.maxBytes) throw tooMany('maxContextBytes', `${limits.maxBytes.toLocaleString('en-US')} bytes`);
      }
      if (files.length > limits.maxFiles) throw tooMany('maxContextFiles', `${limits.maxFiles.toLocaleString('en-US')} files`);
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
      mapLimited(files, hashConcurrency, async f => ({
        path: f.path,
        size: f.size,
        digest: f.symlink ? 'symlink' : await fileDigest(join(dir, ...f.path.split('/')), f.size),
      })),
  };
}
