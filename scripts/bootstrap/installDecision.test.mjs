// The install's decision on recorded Yarn outputs (Yarn 4.13, __fixtures__/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyInstall, decideNext, packageName, refuseUnresolvable, unresolvablePackages } from './installDecision.mjs';

const recorded = name => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');
const installed = { code: 0, output: recorded('yarn-immutable-installed.txt') };
const stale = { code: 1, output: recorded('yarn-YN0028-lockfile-stale.txt') };
const notFound = { code: 1, output: recorded('yarn-YN0035-package-not-found.txt') };
const noCandidates = { code: 1, output: recorded('yarn-YN0082-no-candidates.txt') };

test('a successful immutable install is done, and says it installed from the lockfile', () => {
  for (const ci of [true, false]) {
    const decision = decideNext({ attempt: 'immutable', outcome: classifyInstall(installed), ci });
    assert.equal(decision.action, 'done');
    assert.match(decision.summary, /from the committed yarn\.lock \(immutable/);
  }
});

test('a successful update says the lockfile was re-resolved and must be committed', () => {
  const outcome = classifyInstall({ code: 0, output: recorded('yarn-update-installed.txt') });
  const decision = decideNext({ attempt: 'update', outcome, ci: false });
  assert.equal(decision.action, 'done');
  assert.match(decision.summary, /re-resolved from the registry; commit it/);
});

test('YN0028 is a stale lockfile', () => {
  assert.deepEqual(classifyInstall(stale), { kind: 'lockfile-stale' });
});

test('YN0028 in CI fails as a stale commit and never retries non-immutably', () => {
  const decision = decideNext({ attempt: 'immutable', outcome: classifyInstall(stale), ci: true });
  assert.equal(decision.action, 'refuse');
  assert.equal(decision.summary, 'the committed yarn.lock is stale: it does not match the package.json files (YN0028)');
  assert.match(decision.detail, /never rewrites it/);
});

test('YN0028 on a development machine resolves the edited dependencies once', () => {
  assert.equal(decideNext({ attempt: 'immutable', outcome: classifyInstall(stale), ci: false }).action, 'update');
  // The update itself must not loop.
  assert.equal(decideNext({ attempt: 'update', outcome: classifyInstall(stale), ci: false }).action, 'refuse');
});

test('YN0082 and YN0035 name the packages the registry cannot resolve', () => {
  assert.deepEqual(classifyInstall(noCandidates), { kind: 'unresolvable', packages: ['lightningcss-darwin-arm64@99.0.0'] });
  assert.deepEqual(classifyInstall(notFound), { kind: 'unresolvable', packages: ['lightningcss-darwin-arm64@1.30.1'] });
});

test('unresolvable packages in CI mean a stale lockfile, named', () => {
  const decision = decideNext({ attempt: 'immutable', outcome: classifyInstall(notFound), ci: true });
  assert.equal(decision.action, 'refuse');
  assert.equal(
    decision.summary,
    'the committed yarn.lock is stale: it does not pin lightningcss-darwin-arm64@1.30.1, and the registry cannot resolve them',
  );
});

test('unresolvable packages on a development machine are probed for the rest, then refused with the list', () => {
  for (const attempt of ['immutable', 'update']) {
    assert.equal(decideNext({ attempt, outcome: classifyInstall(noCandidates), ci: false }).action, 'probe');
  }
  const refusal = refuseUnresolvable(['a-darwin-arm64@1.0.0', '@s/b-win32-x64@2.0.0']);
  assert.equal(refusal.action, 'refuse');
  assert.match(refusal.summary, /cannot resolve 2 package\(s\) that yarn\.lock does not pin yet: a-darwin-arm64@1\.0\.0, @s\/b-win32-x64@2\.0\.0$/);
  assert.match(refusal.detail, /No lockfile is written with stand-ins/);
});

test('any other failure is refused as such, with its exit code', () => {
  const outcome = classifyInstall({ code: 7, output: '➤ YN0001: │ Error: something else\n' });
  assert.deepEqual(outcome, { kind: 'failed', code: 7 });
  assert.equal(decideNext({ attempt: 'immutable', outcome, ci: true }).action, 'refuse');
});

test('a successful install is not misread from warnings that mention codes', () => {
  // The recorded success prints YN0060/YN0086 peer warnings and build logs.
  assert.deepEqual(classifyInstall(installed), { kind: 'installed' });
  assert.deepEqual(unresolvablePackages(installed.output), []);
});

test('scoped and unscoped names', () => {
  assert.equal(packageName('@rollup/rollup-darwin-arm64@4.68.7'), '@rollup/rollup-darwin-arm64');
  assert.equal(packageName('lightningcss-win32-x64-msvc@1.30.1'), 'lightningcss-win32-x64-msvc');
  assert.deepEqual(
    unresolvablePackages('➤ YN0082: │ @swc/core-win32-x64-msvc@npm:1.16.22: No candidates found\n'),
    ['@swc/core-win32-x64-msvc@1.16.22'],
  );
});
