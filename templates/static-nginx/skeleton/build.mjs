// Renders every page in pages/ into layout.html and writes the site to dist/.
// Replace with your site generator; the Dockerfile runs `npm run build`.
import { mkdir, readdir, readFile, rm, writeFile, watch } from 'node:fs/promises';

export async function buildSite(out = 'dist') {
  const layout = await readFile('layout.html', 'utf8');
  await rm(out, { recursive: true, force: true });
  await mkdir(out);
  const pages = (await readdir('pages')).filter(name => name.endsWith('.html'));
  for (const name of pages) {
    const page = await readFile(`pages/${name}`, 'utf8');
    const title = /<!-- title: (.*?) -->/.exec(page)?.[1] ?? name;
    await writeFile(`${out}/${name}`, layout.replace('{{title}}', title).replace('{{content}}', page.trim()));
  }
  return pages;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`built ${(await buildSite()).length} pages into dist/`);
  if (process.argv.includes('--watch')) {
    for await (const _ of watch('pages')) await buildSite();
  }
}
