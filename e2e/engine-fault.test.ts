/*
 * The engine stops in the middle of a build, once (bench/faults.ts runs it 20
 * times): the run must end failed with a clear error within 5 s, nothing may
 * stay running, and a build after the engine is back must succeed. Runs after
 * the unit tests, alone, because it stops and restarts the machine's dockerd.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './portal.ts';

test('a build whose engine stops ends failed within 5 s, and the next build succeeds', () => {
  const result = spawnSync(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', join(root, 'bench', 'faults.ts'), '1'],
    { cwd: root, encoding: 'utf8', timeout: 300_000 },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, output);
  assert.match(output, /1 engine stops mid-build: .* 2 runs stored, 0 left running; failures: 0/);
  assert.match(output, /the first failed run's error: the connection to the engine broke during the build/);
});
