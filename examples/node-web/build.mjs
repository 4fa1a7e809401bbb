// Produces dist/: the server bundled with its JavaScript dependencies by esbuild,
// the page, and a build stamp. better-sqlite3 stays outside the bundle: it loads
// a native addon, which the image takes from the production node_modules.
import { build } from 'esbuild';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';

await mkdir('dist', { recursive: true });
await build({
  entryPoints: ['src/server.mjs'],
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'esm',
  outfile: 'dist/server.mjs',
  external: ['better-sqlite3'],
  // express is CommonJS and calls require() for Node's own modules.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
await copyFile('src/index.html', 'dist/index.html');
await writeFile('dist/BUILD', `built ${new Date().toISOString()}\n`);
console.log('dist/ written');
