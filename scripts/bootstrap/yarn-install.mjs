#!/usr/bin/env node
/*
 * Installs node_modules from the committed yarn.lock, and says in one line
 * what it did and why. The decision is in installDecision.mjs.
 *
 * Exit status 0 when node_modules is installed; 1 when the install was
 * refused (stale lockfile in CI, packages the registry cannot resolve) or
 * failed. When an update attempt fails, package.json files and yarn.lock are
 * put back byte for byte, so nothing half-resolved is left to commit.
 *
 * Usage: node scripts/bootstrap/yarn-install.mjs
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyInstall, decideNext } from './installDecision.mjs';
import { checkLockfile, describeStubs } from './lockfileStubs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';

function say(message) {
  console.error(`\x1b[1;34m[stagecraft]\x1b[0m install: ${message}`);
}

function runYarnInstall(args) {
  return new Promise(resolvePromise => {
    const child = spawn('yarn', ['install', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Yarn turns --immutable on by itself under CI; the attempt decides instead.
      env: { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
    });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', chunk => {
        output += chunk;
        target.write(chunk);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', code => resolvePromise({ code: code ?? 1, output }));
  });
}

/** The files an update may rewrite: every workspace manifest and the lockfile. */
function dependencyFiles() {
  const files = [join(root, 'package.json'), join(root, 'yarn.lock')];
  for (const group of ['packages', 'plugins']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, 'package.json');
      if (existsSync(manifest)) files.push(manifest);
    }
  }
  return new Map(files.map(file => [file, readFileSync(file)]));
}

function restore(saved) {
  for (const [file, bytes] of saved) writeFileSync(file, bytes);
}

async function main() {
  let attempt = 'immutable';
  let saved;
  for (;;) {
    if (attempt === 'update') saved = dependencyFiles();
    const result = await runYarnInstall(attempt === 'immutable' ? ['--immutable'] : []);
    const decision = decideNext({ attempt, outcome: classifyInstall(result), ci });
    if (decision.action === 'update') {
      say(decision.summary);
      attempt = 'update';
      continue;
    }
    if (decision.action === 'refuse') {
      if (saved) restore(saved);
      say(`refused: ${decision.summary}`);
      if (decision.detail) say(decision.detail);
      return 1;
    }
    // Installed. A lockfile entry that is not from the registry would break
    // other machines, whatever put it there.
    const stubs = checkLockfile(root);
    if (stubs.length > 0) {
      if (saved) restore(saved);
      say(`refused: ${describeStubs(stubs)}`);
      return 1;
    }
    say(decision.summary);
    return 0;
  }
}

process.exitCode = await main();
