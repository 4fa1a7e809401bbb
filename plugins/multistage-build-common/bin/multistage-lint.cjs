#!/usr/bin/env node
/*
 * `yarn multistage-lint` from the repository root. The analysis core is
 * TypeScript; Backstage's node transform compiles it on load, so the command
 * needs no build step. File paths are read relative to where it was run.
 */
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

require('@backstage/cli/config/nodeTransform.cjs');
const { runLint } = require('../src/cli/runLint.ts');
const { version } = require('../package.json');

const cwd = process.env.INIT_CWD || process.cwd();
process.exitCode = runLint(process.argv.slice(2), {
  readFile: path => {
    try {
      return readFileSync(resolve(cwd, path), 'utf8');
    } catch (e) {
      const reasons = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied' };
      throw new Error(reasons[e.code] ?? e.message);
    }
  },
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  toolVersion: version,
});
