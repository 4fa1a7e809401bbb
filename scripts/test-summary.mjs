#!/usr/bin/env node
// Prints one closing line for the whole suite: Jest's results plus the TAP
// output of the install-script and end-to-end tests, as "tests: N passed, N failed".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const jest = JSON.parse(readFileSync(join(dir, 'jest.json'), 'utf8'));
const tapCounts = file => {
  const tap = readFileSync(join(dir, file), 'utf8');
  const count = name => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  return { pass: count('pass'), fail: count('fail'), skipped: count('skipped') };
};
const scripts = tapCounts('scripts.tap');
const e2e = tapCounts('e2e.tap');

const passed = jest.numPassedTests + scripts.pass + e2e.pass;
const failed = jest.numFailedTests + scripts.fail + e2e.fail;
const skipped = jest.numPendingTests + scripts.skipped + e2e.skipped;
console.log(
  `install scripts: ${scripts.pass} passed, ${scripts.fail} failed; unit and integration: ${jest.numPassedTests} passed, ` +
    `${jest.numFailedTests} failed; end-to-end: ${e2e.pass} passed, ${e2e.fail} failed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
