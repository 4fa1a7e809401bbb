/*
 * The analysis worker from the built packages, as an app installs them: the
 * common and node packages are built with `backstage-cli package build`, laid
 * out as a package manager would (package.json's publishConfig applied, only
 * the files it ships), and the pool analyses a Dockerfile in a worker thread
 * that loads the built common package, not its TypeScript source.
 * (The jest tests run the same worker from source.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './portal.ts';

const packages = {
  '@stagecraft/plugin-multistage-build-common': 'plugins/multistage-build-common',
  '@stagecraft/plugin-multistage-build-node': 'plugins/multistage-build-node',
};

/** Installs a built package under `modules` the way `npm pack` + install would lay it out. */
function install(modules: string, name: string, dir: string) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const target = join(modules, name);
  mkdirSync(target, { recursive: true });
  for (const file of manifest.files as string[]) cpSync(join(root, dir, file), join(target, file), { recursive: true });
  const { publishConfig, ...rest } = manifest;
  writeFileSync(join(target, 'package.json'), JSON.stringify({ ...rest, main: publishConfig.main, types: publishConfig.types }));
}

test('the analysis pool runs its worker from the built packages', { timeout: 300_000 }, () => {
  for (const dir of Object.values(packages)) {
    execFileSync('yarn', ['backstage-cli', 'package', 'build'], { cwd: join(root, dir), stdio: 'pipe' });
  }
  const app = mkdtempSync(join(tmpdir(), 'stagecraft-built-'));
  try {
    for (const [name, dir] of Object.entries(packages)) install(join(app, 'node_modules'), name, dir);
    writeFileSync(
      join(app, 'run.cjs'),
      `
const { AnalysisPool } = require('@stagecraft/plugin-multistage-build-node');
const pool = new AnalysisPool({ workers: 1 });
const text = 'FROM alpine:3.20 AS build\\nRUN echo hi > /out\\nFROM scratch\\nCOPY --from=build /out /out\\n';
const tooMany = Array.from({ length: 600 }, (_, i) => 'FROM alpine:3.20 AS s' + i).join('\\n');
(async () => {
  const described = await pool.describe({ path: 'Dockerfile', text }, 'Dockerfile');
  const refused = await pool.describe({ path: 'Dockerfile', text: tooMany }, 'big/Dockerfile').catch(e => e);
  await pool.close();
  console.log(JSON.stringify({
    stages: described.stages.map(s => s.name),
    refused: [refused.name, refused.statusCode, refused.message],
    nodePackage: require.resolve('@stagecraft/plugin-multistage-build-node'),
    // What the worker file itself resolves the analysis core to.
    commonForWorker: require.resolve('@stagecraft/plugin-multistage-build-common', {
      paths: [require('path').join(require.resolve('@stagecraft/plugin-multistage-build-node/package.json'), '..', 'worker')],
    }),
    transformLoaded: Object.keys(require.cache).some(f => f.includes('nodeTransform')),
  }));
})();
`,
    );
    // Third-party dependencies come from the repository's node_modules, after the app's own.
    const output = execFileSync(process.execPath, ['run.cjs'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(root, 'node_modules'), NODE_OPTIONS: '' },
    });
    const result = JSON.parse(output.trim().split('\n').pop()!);
    assert.deepEqual(result.stages, ['build', null]);
    assert.deepEqual(result.refused, [
      'AnalysisRefusedError',
      422,
      'big/Dockerfile: line 501: more than 500 stages (limit maxStages); multistageBuild.analysis.limits.maxStages sets it',
    ]);
    assert.match(result.nodePackage, /stagecraft-built-.*dist\/index\.cjs\.js$/);
    assert.match(result.commonForWorker, /stagecraft-built-.*plugin-multistage-build-common\/dist\/index\.cjs\.js$/);
    assert.equal(result.transformLoaded, false);
  } finally {
    rmSync(app, { recursive: true, force: true });
    // The built output must not linger in the work tree for later lint or test runs.
    for (const dir of Object.values(packages)) rmSync(join(root, dir, 'dist'), { recursive: true, force: true });
  }
});
