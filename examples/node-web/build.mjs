// Produces dist/: the server sources with comments stripped and a build stamp.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';

await mkdir('dist', { recursive: true });
for (const name of await readdir('src')) {
  let text = await readFile(`src/${name}`, 'utf8');
  if (name.endsWith('.mjs')) text = text.replace(/^\s*\/\*\*.*\*\/\s*$/gm, '');
  await writeFile(`dist/${name}`, text);
}
await writeFile('dist/BUILD', `built ${new Date().toISOString()}\n`);
console.log('dist/ written');
