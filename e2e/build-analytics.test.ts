/*
 * End to end: the org-wide build analytics page in headless Chromium, against
 * the real portal (catalog, permission policy, backend, engine). The examples
 * are listed built or not; release-signer, restricted by the portal's policy
 * to its owners, is not shown to the guest; a build run from a tab shows up
 * in the figures once it ends; filters and the CSV export work. Saves
 * .cache/test-results/build-analytics.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openSignedInPage } from './browser.ts';
import { appUrl, root, startPortal } from './portal.ts';

let stopPortal: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let page: Page;

const analytics = (query = 'days=7') => `${appUrl}/build-analytics?${query}`;
const examples = ['hello-c', 'python-api', 'node-web', 'static-site'];
const row = (name: string) => page.locator(`[data-entity-link="component:default/${name}"]`);
const figure = async (name: string) => (await page.locator(`[data-figure="${name}"] [data-figure-value]`).innerText()).trim();

before(async () => {
  stopPortal = await startPortal({ logName: 'portal-build-analytics.log' });
  ({ browser, page } = await openSignedInPage());
});

after(async () => {
  await browser?.close();
  await stopPortal?.();
});

test('the page lists every example with a Dockerfile, built or never built, but not the restricted one', async () => {
  // The entity table is filled by the scheduled refresh (10 s after start, then every minute here).
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(analytics());
    // Before the first refresh the page says no entity names a Dockerfile.
    await page.locator('[data-figure="builds"]').or(page.getByText('No entity in the catalog names a Dockerfile')).waitFor();
    if ((await row('static-site').count()) > 0 || Date.now() > deadline) break;
    await page.waitForTimeout(5000);
  }
  for (const name of examples) await row(name).first().waitFor();
  assert.equal(await page.getByText('never built').count() >= examples.length, true, 'nothing was built yet');

  // The refresh counted release-signer (it reads the catalog as the plugin); the guest's page does not show it.
  // It logs once it has read every Dockerfile, after the table already lists them.
  let counted: number[] = [];
  for (let i = 0; i < 60 && counted.length === 0; i++) {
    const log = readFileSync(join(root, '.cache/test-results/portal-build-analytics.log'), 'utf8');
    counted = [...log.matchAll(/Build analytics: (\d+) entities with a Dockerfile/g)].map(m => Number(m[1]));
    if (counted.length === 0) await page.waitForTimeout(1000);
  }
  assert.ok(counted.length > 0, 'the refresh ran');
  assert.equal(await row('release-signer').count(), 0);
  const shown = await page.locator('[data-entity-link]').evaluateAll(links => new Set(links.map(l => l.getAttribute('data-entity-link'))).size);
  assert.equal(shown, counted.at(-1)! - 1, 'every entity the refresh counted but the restricted one');
  // The sidebar leads here.
  await page.locator('nav a[href="/build-analytics"]').first().waitFor({ state: 'attached' });
});

test('a build run from the tab shows up in the figures once it ends', async () => {
  await page.goto(analytics());
  const before = Number(await figure('builds'));

  await page.goto(`${appUrl}/catalog/default/component/static-site/multistage-build/builds`);
  await page.getByText(/Docker engine .* ready for builds/).waitFor();
  await page.getByRole('button', { name: 'Start build' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/multistage-build\/builds\/[0-9a-f-]{36}$/);
  const runId = page.url().split('/').pop()!;
  await page.locator(`[data-run-id="${runId}"] :is([data-build-status="succeeded"], [data-build-status="failed"])`).waitFor({ timeout: 300_000 });
  assert.equal(await page.locator(`[data-run-id="${runId}"] [data-build-status]`).getAttribute('data-build-status'), 'succeeded');

  await page.goto(analytics());
  await page.locator(`[data-run-link="${runId}"]`).waitFor();
  assert.equal(Number(await figure('builds')), before + 1);
  assert.equal(await figure('success-rate'), '100 %');
  // The row says which builder ran it (the portal has one, `default`).
  await page.locator('tr', { has: page.locator(`[data-run-link="${runId}"]`) }).locator('[data-run-engine="default"]').waitFor();
  // Its row leads to the run.
  await page.locator(`[data-run-link="${runId}"]`).click();
  await page.waitForURL(new RegExp(`/catalog/default/component/static-site/multistage-build/builds/${runId}$`));
});

test('a filter narrows the table and stays in the URL; the CSV downloads what the table shows', async () => {
  await page.goto(analytics());
  await row('static-site').first().waitFor();
  await page.locator(`[data-filter="State"]`).click();
  await page.getByRole('option', { name: 'Never built' }).click();
  await page.waitForURL(/state=never-built/);
  await row('static-site').first().waitFor({ state: 'detached' });
  for (const name of ['hello-c', 'python-api', 'node-web']) await row(name).first().waitFor();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'build-analytics-7d.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  const lines = csv.trimEnd().split(/\r?\n/);
  assert.match(lines[0], /^entity,title,owner,system,lifecycle,type,last_build_status,/);
  assert.ok(lines.some(l => l.startsWith('component:default/hello-c,')), csv);
  assert.ok(!csv.includes('static-site'), 'filtered out');
  assert.ok(!csv.includes('release-signer'), 'restricted');

  // The whole page, unfiltered, for the README.
  await page.goto(analytics('days=30'));
  await row('static-site').first().waitFor();
  await page.locator('[data-chart]').first().waitFor();
  // The app scrolls inside its own layout, not the document: a tall window shows the whole page.
  await page.setViewportSize({ width: 1400, height: 2900 });
  await page.screenshot({ path: join(root, '.cache', 'test-results', 'build-analytics.png'), fullPage: true });
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('the builders view shows each engine with its health, load and cache', async () => {
  await page.goto(analytics());
  await page.locator('[data-engines-link]').click();
  await page.waitForURL(/\/build-analytics\/engines/);
  const health = page.locator('[data-engine-health="default"]');
  await health.waitFor();
  assert.match(await health.innerText(), /healthy[\s\S]*Docker 20\.10/);
  assert.match((await page.locator('[data-engine-load="default"]').innerText()).trim(), /^\d+ of 2$/);
  await page.getByText(/records;.*reclaimable/).first().waitFor();
  await page.screenshot({ path: join(root, '.cache', 'test-results', 'engines.png'), fullPage: true });
});
