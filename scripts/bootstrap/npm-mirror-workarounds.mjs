#!/usr/bin/env node
/*
 * The one place where Stagecraft works around gaps in a partial npm mirror.
 *
 * Yarn 4 resolves the optional platform binaries of every OS (darwin, win32,
 * musl, android builds of rollup, swc, esbuild, ...) so that the lockfile is
 * portable. A mirror that lacks some of them makes `yarn install` fail with
 * YN0082 even though this machine never needs them.
 *
 * What this does, and only while installing:
 *   1. runs a plain `yarn install`; on a complete registry that succeeds and
 *      nothing below happens;
 *   2. when Yarn cannot resolve binaries for other platforms (YN0082), maps the
 *      known ones (npm-mirror-gaps.json) and any it learns from Yarn's output to
 *      an empty local package through `resolutions` in package.json, and retries;
 *   3. always restores package.json byte for byte afterwards.
 *
 * The committed package.json therefore never carries a stub, and users on
 * macOS, Windows or a complete registry install the real binaries.
 *
 * Usage: node scripts/bootstrap/npm-mirror-workarounds.mjs [extra yarn install args]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const manifestPath = join(root, 'package.json');
const gapsPath = join(here, 'npm-mirror-gaps.json');
const learnedPath = join(root, '.cache', 'npm-mirror-gaps.learned.json');
const stub = 'file:./scripts/bootstrap/empty-package';
const maxAttempts = 80;
/** Names of binaries built for a platform other than linux-x64-gnu. */
const otherPlatform =
  /[-/](darwin|win32|android|freebsd|openbsd|netbsd|sunos|aix|openharmony|wasm32)\b|[-/]linux-(arm|arm64|ia32|ppc64|riscv64|s390x|loong64|mips64el)\b|[-/]linux-x64-musl\b/;

/**
 * The platform suffixes that binary families (rollup, swc, esbuild, rspack,
 * unrs-resolver, ...) publish. When one member of a family is missing, its
 * siblings for other platforms are stubbed in the same pass: stubbing a binary
 * this machine never loads is harmless, and it saves one install per sibling.
 */
const platformSuffixes = [
  'aix-ppc64', 'android-arm', 'android-arm-eabi', 'android-arm64', 'android-x64',
  'darwin-arm64', 'darwin-universal', 'darwin-x64', 'freebsd-arm64', 'freebsd-x64',
  'linux-arm', 'linux-arm-gnueabihf', 'linux-arm-musleabihf', 'linux-arm64',
  'linux-arm64-gnu', 'linux-arm64-musl', 'linux-arm64-ohos', 'linux-ia32',
  'linux-loong64', 'linux-loong64-gnu', 'linux-loong64-musl', 'linux-mips64el',
  'linux-ppc64', 'linux-ppc64-gnu', 'linux-ppc64-musl', 'linux-riscv64',
  'linux-riscv64-gnu', 'linux-riscv64-musl', 'linux-s390x', 'linux-s390x-gnu',
  'linux-x64-musl', 'netbsd-arm64', 'netbsd-x64', 'openbsd-arm64', 'openbsd-x64',
  'openharmony-arm64', 'sunos-x64', 'wasm32-wasi', 'win32-arm64', 'win32-arm64-msvc',
  'win32-ia32', 'win32-ia32-msvc', 'win32-x64', 'win32-x64-gnu', 'win32-x64-msvc',
];

/** A missing binary and its siblings for every other platform. */
function withSiblings(name) {
  const match = otherPlatform.exec(name);
  if (!match) return [name];
  const prefix = name.slice(0, match.index + 1);
  return [name, ...platformSuffixes.map(suffix => prefix + suffix)];
}

/** Platform binaries known to be unresolvable on the mirror these machines use. */
const { missingOptionalBinaries } = JSON.parse(
  readFileSync(gapsPath, 'utf8'),
);

function runYarnInstall(extraArgs) {
  return new Promise(resolvePromise => {
    const child = spawn('yarn', ['install', ...extraArgs], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', chunk => {
        output += chunk;
        target.write(chunk);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', code => resolvePromise({ code, output }));
  });
}

/** Package names that Yarn could not find in the registry (YN0082). */
function unresolvedNames(output) {
  const names = new Set();
  for (const line of output.split('\n')) {
    if (!line.includes('YN0082')) continue;
    const match = line.match(/(@[a-z0-9._-]+\/[a-z0-9._-]+|[a-z0-9._-]+)@npm:/i);
    if (match) names.add(match[1]);
  }
  return [...names];
}

function loadLearned() {
  try {
    return JSON.parse(readFileSync(learnedPath, 'utf8'));
  } catch {
    return [];
  }
}

async function main() {
  const original = readFileSync(manifestPath, 'utf8');
  const extraArgs = process.argv.slice(2);
  const restore = () => writeFileSync(manifestPath, original);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      restore();
      process.exit(128);
    });
  }

  // A registry that resolves everything gets a plain install and no stubs.
  const learned = loadLearned();
  if (learned.length === 0) {
    const { code, output } = await runYarnInstall(extraArgs);
    if (code === 0) return 0;
    const unresolved = unresolvedNames(output).filter(n => otherPlatform.test(n));
    if (unresolved.length === 0) return code;
    learned.push(...unresolved);
  }

  const stubbed = new Set(
    [...missingOptionalBinaries, ...learned].flatMap(withSiblings),
  );
  try {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const manifest = JSON.parse(original);
      const resolutions = { ...manifest.resolutions };
      for (const name of stubbed) resolutions[name] = stub;
      manifest.resolutions = resolutions;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      console.error(
        `[stagecraft] this npm registry cannot resolve some optional platform binaries; ` +
          `standing in an empty package for ${stubbed.size} of them while installing`,
      );

      const { code, output } = await runYarnInstall(extraArgs);
      if (code === 0) return 0;

      // Only binaries for other platforms may be stubbed; anything else that
      // is missing is a real error and surfaces as the install's failure.
      const fresh = unresolvedNames(output).filter(
        n => !stubbed.has(n) && otherPlatform.test(n),
      );
      if (fresh.length === 0) return code;
      learned.push(...fresh);
      console.error(
        `[stagecraft] also unresolvable here: ${fresh.join(', ')} ` +
          `(remembered in .cache; add them to scripts/bootstrap/npm-mirror-gaps.json)`,
      );
      fresh.flatMap(withSiblings).forEach(n => stubbed.add(n));
      mkdirSync(dirname(learnedPath), { recursive: true });
      writeFileSync(
        learnedPath,
        JSON.stringify(
          [...new Set([...learned, ...fresh])].filter(
            n => !missingOptionalBinaries.includes(n),
          ),
        ),
      );
    }
    return 1;
  } finally {
    restore();
  }
}

process.exitCode = await main();
