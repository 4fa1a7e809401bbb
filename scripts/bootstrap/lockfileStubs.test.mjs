// The lockfile check: stand-ins and local packages are found, registry and workspace entries pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkLockfile, describeStubs, lockfileStubs } from './lockfileStubs.mjs';

const entry = (key, resolution) => `"${key}":\n  version: 1.0.0\n  resolution: "${resolution}"\n  languageName: node\n  linkType: hard\n`;
const workspaces = ['.', 'packages/app', 'packages/backend'];

test('registry, patched registry, workspace and workspace-link entries pass', () => {
  const text = [
    entry('left-pad@npm:^1.0.0', 'left-pad@npm:1.3.0'),
    entry('@rollup/rollup-darwin-arm64@npm:4.68.7', '@rollup/rollup-darwin-arm64@npm:4.68.7'),
    entry('typescript@patch:typescript@npm%3A~5.8.0#optional!builtin<compat/typescript>', 'typescript@patch:typescript@npm%3A5.8.3#optional!builtin<compat/typescript>::version=5.8.3&hash=5786d5'),
    entry('backend@workspace:packages/backend', 'backend@workspace:packages/backend'),
    entry('app@link:../app::locator=backend%40workspace%3Apackages%2Fbackend', 'app@link:../app::locator=backend%40workspace%3Apackages%2Fbackend'),
  ].join('\n');
  assert.deepEqual(lockfileStubs(text, { workspaces }), []);
});

test('a stand-in for a missing binary is reported with its line', () => {
  const text = [
    entry('left-pad@npm:^1.0.0', 'left-pad@npm:1.3.0'),
    entry(
      '@rollup/rollup-android-arm64@file:./scripts/bootstrap/empty-package::locator=stagecraft%40workspace%3A.',
      '@rollup/rollup-android-arm64@file:./scripts/bootstrap/empty-package#./scripts/bootstrap/empty-package::hash=d7f429&locator=stagecraft%40workspace%3A.',
    ),
  ].join('\n');
  const stubs = lockfileStubs(text, { workspaces });
  assert.equal(stubs.length, 1);
  assert.equal(stubs[0].line, 9);
  assert.match(describeStubs(stubs), /^yarn\.lock has 1 entry not resolved from the npm registry .*yarn\.lock:9 @rollup\/rollup-android-arm64@file:/);
});

test('links outside the workspaces, portals, git and tarball URLs are reported', () => {
  const text = [
    entry('x@link:../../elsewhere::locator=backend%40workspace%3Apackages%2Fbackend', 'x@link:../../elsewhere::locator=backend%40workspace%3Apackages%2Fbackend'),
    entry('y@portal:/opt/y::locator=stagecraft%40workspace%3A.', 'y@portal:/opt/y::locator=stagecraft%40workspace%3A.'),
    entry('z@https://example.org/z.tgz', 'z@https://example.org/z.tgz#abc'),
    entry('w@patch:w@file:./w#./my.patch', 'w@patch:w@file:./w#./my.patch::version=1.0.0&hash=1'),
  ].join('\n');
  assert.deepEqual(lockfileStubs(text, { workspaces }).map(s => s.resolution.split('@')[0]), ['x', 'y', 'z', 'w']);
});

test("this repository's yarn.lock has none", () => {
  const stubs = checkLockfile(join(import.meta.dirname, '..', '..'));
  assert.deepEqual(stubs, [], describeStubs(stubs));
});
