/*
 * bench/builds-view-browser: the Builds view in headless Chromium against the
 * real portal, with 500 stored runs of hello-c (bench/builds-view-seed.ts
 * writes them into the backend's SQLite file before it starts): the time from
 * opening the view (its tab) to the first row shown, and whole page loads.
 * Target: under 1 s. Prints numbers; asserts nothing. Needs the portal's
 * ports (3000, 7007) free. Plain Node (like the end-to-end tests).
 *
 *   yarn bench:builds-view
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSignedInPage } from '../e2e/browser.ts';
import { appUrl, root, startPortal } from '../e2e/portal.ts';

const directory = mkdtempSync(join(tmpdir(), 'stagecraft-bench-db-'));
execFileSync('node', ['--require', '@backstage/cli/config/nodeTransform.cjs', join(root, 'bench/builds-view-seed.ts'), directory], { cwd: root, stdio: 'inherit' });
// Every plugin's database in files under the directory; this plugin's holds the seeded runs.
process.env.APP_CONFIG_backend_database_connection = JSON.stringify({ directory });
const stop = await startPortal({ logName: 'bench-builds-view.log' });
const { browser, page } = await openSignedInPage();
try {
  const url = `${appUrl}/catalog/default/component/hello-c/multistage-build/builds`;
  // A whole page load: the app itself starts (the development server's unminified bundle).
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await page.goto(url);
    await page.locator('[data-run-link]').first().waitFor();
    loads.push(performance.now() - started);
  }
  // Opening the view in the running app, as a user does from another tab of the workspace.
  const opens: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByText('Build configuration').waitFor();
    const started = performance.now();
    await page.getByRole('tab', { name: 'Builds' }).click();
    await page.locator('[data-run-link]').first().waitFor();
    opens.push(performance.now() - started);
  }
  opens.sort((a, b) => a - b);
  const total = await page.getByText(/ in all$/).innerText();
  console.log(`Builds view of hello-c with ${total.replace(' in all', '')} stored runs, to the first row shown:`);
  console.log(`  opened from another tab (10 times)     min ${opens[0].toFixed(0)} ms, median ${opens[5].toFixed(0)} ms, max ${opens[9].toFixed(0)} ms`);
  console.log(`  whole page loads, app start included   ${loads.map(t => `${t.toFixed(0)} ms`).join(', ')} (development server, unminified)`);
  console.log(`  rows on the first page                 ${await page.locator('[data-run-link]').count()}`);
} finally {
  await browser.close();
  await stop();
}
