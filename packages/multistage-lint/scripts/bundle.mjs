/*
 * The prepack step that makes dist/ one self-contained file.
 *
 * `backstage-cli package build` bundles the analysis core into dist/ (it is
 * reached by a relative import, see src/lintCore.ts) but writes one file per
 * source module and leaves every npm package as a require(). The tarball must
 * run with nothing else installed: package.json says `"bundled": true`, so
 * `backstage-cli package prepack`, which runs next, drops its dependencies.
 * esbuild inlines those packages here, into dist/index.cjs.js (one file also
 * starts faster than a hundred), and their licences go to
 * dist/THIRD_PARTY_LICENSES.txt. An npm package imported by the core resolves
 * from the core's own package directory, so the bundle carries the version the
 * core declares. A dist/ that is bundled already (packed twice without a build
 * in between) is left as it is.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const packageDir = join(import.meta.dirname, '..');
const repoRoot = join(packageDir, '../..');
const dist = join(packageDir, 'dist');
const entry = join(dist, 'index.cjs.js');
if (!existsSync(entry)) {
  process.stderr.write('bundle: no dist/index.cjs.js; run `yarn build` (backstage-cli package build) first\n');
  process.exit(1);
}
const banner = '// Bundled by scripts/bundle.mjs from the output of backstage-cli package build.';
if (readFileSync(entry, 'utf8').startsWith(banner)) {
  process.stdout.write('bundle: dist/ is bundled already\n');
  process.exit(0);
}

/**
 * Backstage's build writes inlined workspace code to dist/<its path in the
 * repository>/src/...: a bare import there resolves from that workspace package.
 */
const fromOwningWorkspace = {
  name: 'from-owning-workspace',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, async args => {
      if (args.pluginData?.owner) return undefined;
      const owner = /^([^.].*?)\/src\//.exec(relative(dist, args.importer))?.[1];
      if (!owner || !existsSync(join(repoRoot, owner, 'package.json'))) return undefined;
      const resolved = await esbuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: join(repoRoot, owner),
        pluginData: { owner },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: resolved.external, sideEffects: resolved.sideEffects };
    });
  },
};

const result = await build({
  entryPoints: [entry],
  absWorkingDir: packageDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  metafile: true,
  legalComments: 'inline',
  banner: { js: banner },
  logLevel: 'warning',
  plugins: [fromOwningWorkspace],
});

/** The npm packages the bundle inlined, from the input paths under node_modules. */
function inlinedPackages(inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) dirs.add(join(packageDir, match[1]));
  }
  return [...dirs].sort().map(dir => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(dir).find(name => /^(licen[cs]e|copying)/i.test(name));
    return {
      name: `${manifest.name}@${manifest.version}`,
      licence: manifest.license ?? 'UNKNOWN',
      text: licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : '(no licence file in the package)',
    };
  });
}

const packages = inlinedPackages(Object.keys(result.metafile.inputs));
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
writeFileSync(entry, result.outputFiles[0].contents);
if (packages.length > 0) {
  writeFileSync(
    join(dist, 'THIRD_PARTY_LICENSES.txt'),
    packages.map(p => `${p.name} (${p.licence})\n\n${p.text}\n`).join(`\n${'-'.repeat(72)}\n\n`),
  );
}
const size = `${(result.outputFiles[0].contents.length / 1024).toFixed(0)} KiB`;
const inlined = packages.length > 0 ? `npm packages inlined: ${packages.map(p => p.name).join(', ')}` : 'no npm packages';
process.stdout.write(`bundle: dist/index.cjs.js, ${size}, ${Object.keys(result.metafile.inputs).length} modules, ${inlined}\n`);
