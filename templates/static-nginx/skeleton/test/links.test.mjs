import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../build.mjs';

test('every page is built and every local link points at a built page', async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'site-')), 'dist');
  const pages = await buildSite(out);
  const built = new Set(await readdir(out));
  assert.deepEqual([...built].sort(), [...pages].sort());
  for (const page of built) {
    const html = await readFile(join(out, page), 'utf8');
    for (const [, href] of html.matchAll(/href="([^"#:]+)"/g)) {
      assert.ok(built.has(href), `${page} links to ${href}, which is not built`);
    }
  }
});
