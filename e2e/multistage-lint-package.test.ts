/*
 * `multistage-lint` as a user gets it: the package is built with
 * `backstage-cli package build`, packed with `yarn pack` (its prepack step
 * bundles dist/ into one file, npm packages included) and installed from the
 * tarball into an empty directory outside the repository by npm, offline and
 * with an empty cache, so the install fails if the tarball needs anything from
 * a registry and the command fails if it needs anything from this repository.
 * Its output must be the same as the in-repository command's
 * (`yarn multistage-lint`, which runs the TypeScript sources).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './portal.ts';

const packageDir = join(root, 'packages/multistage-lint');
const sourceBin = join(root, 'plugins/multistage-build-common/bin/multistage-lint.cjs');

// Warnings and infos from several rules, so a rule changing its mind still leaves findings to compare.
const dockerfile = `FROM node:22 AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:22-slim
COPY --from=build /app /app
CMD node /app/server.js
`;

/** The environment of a machine with only the tarball installed: no repository paths, no transform. */
const { NODE_PATH: _nodePath, NODE_OPTIONS: _nodeOptions, INIT_CWD: _initCwd, ...cleanEnv } = process.env;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the packed multistage-lint package', { timeout: 180_000 }, () => {
  let work: string;
  let app: string;
  let installedBin: string;
  let distExisted: boolean;
  let tarballFiles: string[];
  let packedManifest: Record<string, unknown>;

  const installed = (args: string[], input?: string): Run => {
    const result = spawnSync(installedBin, args, { cwd: app, encoding: 'utf8', env: cleanEnv, input, timeout: 30_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  // The command the README shows, run from the same directory on the same files.
  const fromSource = (args: string[]): Run => {
    const result = spawnSync(process.execPath, [sourceBin, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...cleanEnv, INIT_CWD: app },
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(() => {
    distExisted = existsSync(join(packageDir, 'dist'));
    work = mkdtempSync(join(tmpdir(), 'multistage-lint-pack-'));
    const started = Date.now();
    execFileSync('yarn', ['backstage-cli', 'package', 'build'], { cwd: packageDir, stdio: 'pipe', timeout: 60_000 });
    const buildSeconds = (Date.now() - started) / 1000;
    const tarball = join(work, 'multistage-lint.tgz');
    execFileSync('yarn', ['pack', '--out', tarball], { cwd: packageDir, stdio: 'pipe', timeout: 60_000 });
    tarballFiles = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    packedManifest = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'lint-user', version: '1.0.0', private: true }));
    writeFileSync(join(app, 'Dockerfile'), dockerfile);
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), tarball],
      { cwd: app, stdio: 'pipe', env: cleanEnv, timeout: 60_000 },
    );
    installedBin = join(app, 'node_modules/.bin/multistage-lint');
    console.log(`multistage-lint: built in ${buildSeconds.toFixed(1)} s, packed and installed in ${((Date.now() - started) / 1000 - buildSeconds).toFixed(1)} s`);
  });

  after(() => {
    rmSync(work, { recursive: true, force: true });
    // The built output must not linger in the work tree unless it was there before.
    if (!distExisted) rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
  });

  test('the tarball holds the command and one bundle, and depends on nothing', () => {
    const bundle = readFileSync(join(app, 'node_modules/@stagecraft/multistage-lint/dist/index.cjs.js'), 'utf8');
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map(m => m[1]);

    assert.deepEqual(
      tarballFiles.filter(f => !/^package\/dist\/THIRD_PARTY_LICENSES\.txt$/.test(f)),
      ['package/README.md', 'package/bin/multistage-lint', 'package/dist/index.cjs.js', 'package/package.json'],
    );
    assert.deepEqual(required.filter(name => !isBuiltin(name)), [], 'the bundle requires only Node built-ins');
    assert.equal(packedManifest.name, '@stagecraft/multistage-lint');
    assert.equal(packedManifest.license, 'Apache-2.0');
    assert.equal(packedManifest.dependencies, undefined);
    assert.equal(packedManifest.devDependencies, undefined);
    assert.deepEqual(execFileSync('ls', [join(app, 'node_modules')], { encoding: 'utf8' }).trim().split('\n'), ['@stagecraft']);
  });

  test('prints the same findings as yarn multistage-lint, with the same exit code', () => {
    const args = ['--failure-threshold', 'warning', 'Dockerfile'];
    const text = installed(args);
    const expected = fromSource(args);
    const [first] = JSON.parse(fromSource(['--format', 'json', 'Dockerfile']).stdout)[0].findings;

    assert.equal(text.stderr, '');
    assert.equal(text.stdout, expected.stdout);
    assert.equal(text.code, expected.code);
    assert.equal(text.code, 1, 'warnings fail the run at --failure-threshold warning');
    assert.ok(first, 'the fixture has findings');
    assert.match(text.stdout, new RegExp(`^Dockerfile:${first.line} ${first.severity} ${first.rule}: `, 'm'));
  });

  test('--format json prints the reports the sources print', () => {
    const json = installed(['--format', 'json', 'Dockerfile']);
    const reports = JSON.parse(json.stdout);

    assert.equal(json.code, 0, 'no errors at the default threshold');
    assert.deepEqual(reports, JSON.parse(fromSource(['--format', 'json', 'Dockerfile']).stdout));
    assert.equal(reports[0].path, 'Dockerfile');
    assert.equal(reports[0].stages.length, 2);
  });

  test('--config reads a YAML file (the bundled yaml package) as the sources do', () => {
    writeFileSync(join(app, 'lint.yaml'), 'severity:\n  copy-all-before-install: error\nignored: [json-args-recommended]\n');
    const args = ['--config', 'lint.yaml', 'Dockerfile'];
    const configured = installed(args);
    const expected = fromSource(args);

    assert.equal(configured.stdout, expected.stdout);
    assert.equal(configured.stderr, expected.stderr);
    assert.equal(configured.code, expected.code);
    assert.match(configured.stdout, /^Dockerfile:3 error copy-all-before-install: /m);
    assert.doesNotMatch(configured.stdout, /json-args-recommended/);
  });

  test('reads standard input for -', () => {
    const piped = installed(['--format', 'json', '-'], dockerfile);
    const [fromStdin] = JSON.parse(piped.stdout);
    const [fromFile] = JSON.parse(installed(['--format', 'json', 'Dockerfile']).stdout);

    assert.equal(piped.code, 0);
    assert.deepEqual(fromStdin, { ...fromFile, path: '-' });
  });

  test('--help prints the usage and exits 0', () => {
    const help = installed(['--help']);

    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: .*multistage-lint \[options\] FILE\.\.\./);
    assert.match(help.stdout, /--format text\|json\|sarif/);
  });

  test('a missing file is an error in its report (exit 1); a bad command line exits 2', () => {
    const missing = installed(['missing/Dockerfile', 'Dockerfile']);
    const bad = installed(['--frobnicate', 'Dockerfile']);

    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, '');
    assert.match(missing.stdout, /^missing\/Dockerfile:1 error parse-error: cannot read missing\/Dockerfile: no such file$/m);
    assert.match(missing.stdout, /^Dockerfile: 2 stages, /m, 'the other file is still linted');
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^multistage-lint: unknown option --frobnicate\n\nUsage: /);
  });
});
