#!/usr/bin/env node
// Fails, naming each entry, when yarn.lock holds a package that is not
// resolved from the npm registry (see lockfileStubs.mjs). Part of the test command.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLockfile, describeStubs } from './lockfileStubs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stubs = checkLockfile(root);
if (stubs.length > 0) {
  console.error(`[stagecraft] ${describeStubs(stubs)}`);
  process.exitCode = 1;
} else {
  console.error('[stagecraft] yarn.lock: every package resolved from the npm registry');
}
