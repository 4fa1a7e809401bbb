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
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyInstall, decideNext, packageName, refuseUnresolvable } from './installDecision.mjs';
import { checkLockfile, describeStubs } from './lockfileStubs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';

function say(message) {
  console.error(`\x1b[1;34m[stagecraft]\x1b[0m install: ${message}`);
}

function runYarnInstall(args, { quiet = false } = {}) {
  return new Promise(resolvePromise => {
    const child = spawn('yarn', ['install', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Yarn turns --immutable on by itself under CI; the attempt decides instead.
      // Plain output: the decision reads Yarn's messages, and colours (forced under
      // some CI systems) would split the package names it looks for.
      env: { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', YARN_ENABLE_COLORS: '0', YARN_ENABLE_HYPERLINKS: '0' },
    });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', chunk => {
        output += chunk;
        if (!quiet) target.write(chunk);
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

/**
 * Every package the registry cannot resolve, starting from the ones Yarn
 * named (it stops at the first): resolve again with an empty stand-in mapped
 * over each known one until no new one appears. Only the lockfile is resolved
 * (`--mode=update-lockfile`, nothing linked), and the package.json files and
 * yarn.lock are restored byte for byte afterwards, whatever happens.
 */
async function probeUnresolvable(first) {
  const saved = dependencyFiles();
  const standIn = join(root, '.cache', 'install-probe-stand-in');
  mkdirSync(standIn, { recursive: true });
  writeFileSync(join(standIn, 'package.json'), JSON.stringify({ name: 'stagecraft-install-probe-stand-in', version: '0.0.0', private: true }));
  const known = new Set(first);
  const original = JSON.parse(saved.get(join(root, 'package.json')).toString('utf8'));
  try {
    for (let round = 0; round < 100; round++) {
      const resolutions = { ...original.resolutions };
      for (const descriptor of known) resolutions[packageName(descriptor)] = 'file:./.cache/install-probe-stand-in';
      writeFileSync(join(root, 'package.json'), `${JSON.stringify({ ...original, resolutions }, null, 2)}\n`);
      const outcome = classifyInstall(await runYarnInstall(['--mode=update-lockfile'], { quiet: true }));
      const fresh = outcome.kind === 'unresolvable' ? outcome.packages.filter(p => !known.has(p)) : [];
      if (fresh.length === 0) break;
      fresh.forEach(p => known.add(p));
    }
  } finally {
    restore(saved);
    rmSync(standIn, { recursive: true, force: true });
  }
  return [...known].sort();
}

async function main() {
  let attempt = 'immutable';
  let saved;
  for (;;) {
    if (attempt === 'update') saved = dependencyFiles();
    const result = await runYarnInstall(attempt === 'immutable' ? ['--immutable'] : []);
    const outcome = classifyInstall(result);
    let decision = decideNext({ attempt, outcome, ci });
    if (decision.action === 'update') {
      say(decision.summary);
      attempt = 'update';
      continue;
    }
    if (decision.action === 'probe') {
      if (saved) restore(saved);
      say(decision.summary);
      decision = refuseUnresolvable(await probeUnresolvable(outcome.packages));
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
