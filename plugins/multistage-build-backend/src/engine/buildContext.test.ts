import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { extract } from 'tar-stream';
import { prepareBuildContext } from './buildContext';

async function tarEntries(stream: NodeJS.ReadableStream): Promise<string[]> {
  const names: string[] = [];
  const ex = extract();
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, body, next) => {
      names.push(header.name);
      body.on('end', next);
      body.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.pipe(ex);
  });
  return names.sort();
}

describe('prepareBuildContext', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagecraft-context-'));
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'node_modules/pkg'), { recursive: true });
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
    await writeFile(join(dir, 'src/main.c'), 'int main(void) { return 0; }\n');
    await writeFile(join(dir, 'src/notes.md'), '# notes\n');
    await writeFile(join(dir, 'node_modules/pkg/index.js'), 'x');
    await writeFile(join(dir, 'docs/keep.md'), 'kept');
    await writeFile(join(dir, 'docs/drop.md'), 'dropped');
    await writeFile(join(dir, '.env'), 'SECRET=1');
    await symlink('/etc/passwd', join(dir, 'src/outside'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sends everything without a .dockerignore, symlinks as links', async () => {
    const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile' });

    expect(context.files.map(f => f.path)).toEqual([
      '.env',
      'Dockerfile',
      'docs/drop.md',
      'docs/keep.md',
      'node_modules/pkg/index.js',
      'src/main.c',
      'src/notes.md',
      'src/outside',
    ]);
    const digests = await context.digests();
    expect(digests.find(f => f.path === 'src/outside')).toEqual({ path: 'src/outside', digest: 'symlink', size: 0 });
    expect(digests.find(f => f.path === 'Dockerfile')).toEqual({
      path: 'Dockerfile',
      digest: `sha256:${createHash('sha256').update('FROM scratch\n').digest('hex')}`,
      size: 13,
    });
  });

  it("honours .dockerignore with Docker's rules, re-includes, and always sends the Dockerfile", async () => {
    await writeFile(join(dir, '.dockerignore'), ['node_modules', '**/*.md', '!docs/keep.md', '.env', 'Dockerfile', ''].join('\n'));

    const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile' });

    expect(context.files.map(f => f.path)).toEqual(['.dockerignore', 'Dockerfile', 'docs/keep.md', 'src/main.c', 'src/outside']);
    expect(await tarEntries(context.tar())).toEqual(['.dockerignore', 'Dockerfile', 'docs/keep.md', 'src/main.c', 'src/outside']);
    expect(context.totalBytes).toBe(
      context.files.reduce((sum, f) => sum + f.size, 0),
    );
  });

  it('gives a changed file a new digest and keeps the others', async () => {
    const was = await (await prepareBuildContext({ dir, dockerfile: 'Dockerfile' })).digests();
    await writeFile(join(dir, 'src/main.c'), 'int main(void) { return 1; }\n');
    const is = await (await prepareBuildContext({ dir, dockerfile: 'Dockerfile' })).digests();

    const digest = (files: typeof was, path: string) => files.find(f => f.path === path)?.digest;
    expect(digest(is, 'src/main.c')).not.toBe(digest(was, 'src/main.c'));
    expect(digest(is, 'src/main.c')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digest(is, 'src/notes.md')).toBe(digest(was, 'src/notes.md'));
  });
});

describe('prepareBuildContext limits', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagecraft-limits-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a context over the file or byte limit, naming the setting', async () => {
    await mkdir(join(dir, 'many'));
    for (let i = 0; i < 30; i++) await writeFile(join(dir, 'many', `f${i}`), 'x'.repeat(100));

    await expect(
      prepareBuildContext({ dir, dockerfile: 'Dockerfile', what: 'component:default/svc build context', limits: { maxFiles: 20, maxBytes: 1 << 20 } }),
    ).rejects.toThrow(
      'component:default/svc build context: more than 20 files (multistageBuild.builds.maxContextFiles); exclude what the build does not need in .dockerignore',
    );
    await expect(prepareBuildContext({ dir, dockerfile: 'Dockerfile', limits: { maxFiles: 100, maxBytes: 1000 } })).rejects.toThrow(
      'the build context: more than 1,000 bytes (multistageBuild.builds.maxContextBytes)',
    );
  });

  it('does not enter excluded directories unless an exception may re-include something inside', async () => {
    await mkdir(join(dir, 'node_modules/deep'), { recursive: true });
    await writeFile(join(dir, 'node_modules/deep/a.js'), 'x');
    await mkdir(join(dir, 'vendor/keep'), { recursive: true });
    await writeFile(join(dir, 'vendor/keep/LICENSE'), 'x');
    await writeFile(join(dir, 'vendor/drop.txt'), 'x');
    // Written as `./vendor//keep/LICENSE`: normalised as Docker (and @balena/dockerignore) read it.
    await writeFile(join(dir, '.dockerignore'), 'node_modules\nvendor\n!./vendor//keep/LICENSE\n');
    // Would be over the file limit if node_modules were walked.
    for (let i = 0; i < 40; i++) await writeFile(join(dir, 'node_modules', `m${i}.js`), 'x');
    const walked = jest.spyOn(require('node:fs/promises'), 'readdir');

    const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile', limits: { maxFiles: 10, maxBytes: 1 << 20 } });

    expect(context.files.map(f => f.path)).toEqual(['.dockerignore', 'Dockerfile', 'vendor/keep/LICENSE']);
    const dirs = walked.mock.calls.map(([path]) => relative(dir, String(path)));
    expect(dirs).not.toContain('node_modules');
    expect(dirs).toContain('vendor');
    walked.mockRestore();
  });

  it('refuses a .dockerignore that is a symlink, and hashes thousands of files without running out of descriptors', async () => {
    await mkdir(join(dir, 'lots'));
    await Promise.all(Array.from({ length: 3000 }, (_, i) => writeFile(join(dir, 'lots', `f${i}`), `${i}`)));
    const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile' });
    const digests = await context.digests();
    expect(digests).toHaveLength(3001);
    expect(new Set(digests.map(d => d.digest)).size).toBe(3001);

    await symlink('/etc/hostname', join(dir, '.dockerignore'));
    await expect(prepareBuildContext({ dir, dockerfile: 'Dockerfile', what: 'svc build context' })).rejects.toThrow(
      'svc build context: .dockerignore must be a regular file, not a link or a directory',
    );
  });
});
