import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
