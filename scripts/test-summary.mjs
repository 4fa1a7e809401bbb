#!/usr/bin/env node
// Prints one closing line for the whole suite: Jest's results plus the
// end-to-end tests' TAP output, as "tests: N passed, N failed".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const jest = JSON.parse(readFileSync(join(dir, 'jest.json'), 'utf8'));
const tap = readFileSync(join(dir, 'e2e.tap'), 'utf8');
const count = name => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);

const passed = jest.numPassedTests + count('pass');
const failed = jest.numFailedTests + count('fail');
const skipped = jest.numPendingTests + count('skipped');
console.log(
  `unit and integration: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed; end-to-end: ${count('pass')} passed, ${count('fail')} failed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
