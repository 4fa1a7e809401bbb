/*
 * End to end: a new service from a software template, in headless Chromium.
 * The scaffolder form for "New Go service with a multi-stage build", then the
 * new entity's Multi-stage build tab: a clean analysis, and an image built by
 * the real engine from the service's own sources.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openSignedInPage } from './browser.ts';
import { appUrl, root, startPortal } from './portal.ts';

let stopPortal: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let page: Page;
// Unique per run: publishing never replaces a service.
const name = `e2e-go-${Date.now()}`;

before(async () => {
  stopPortal = await startPortal();
  ({ browser, page } = await openSignedInPage());
});

after(async () => {
  await browser?.close();
  await stopPortal?.();
  rmSync(join(root, '.cache', 'scaffolded', name), { recursive: true, force: true });
});

test('the scaffolder creates a Go service whose tab shows a clean analysis and whose image builds', async () => {
  await page.goto(`${appUrl}/create`);
  const card = page.locator('.MuiCard-root').filter({ has: page.getByText('New Go service with a multi-stage build', { exact: true }) });
  await card.getByRole('button', { name: 'Choose' }).click();

  // About the service, then the template's build parameters (defaults), then review.
  await page.getByLabel('Name').first().fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Go version').first().waitFor();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task's output: the analysis summary and the link to the new entity.
  await page.getByText(/^5 stages \(default target runtime\): 0 errors, 0 warnings, 0 notes\.$/).waitFor({ timeout: 180_000 });
  await page.getByText('Open in the catalog').click();
  await page.getByRole('link', { name: 'Multi-stage build', exact: true }).click();
  // The Dockerfile view: the file the template wrote, analysed clean.
  await page.locator('[data-findings-count="0"]').waitFor();
  await page.getByText(new RegExp(`as read from .*scaffolded/${name}/Dockerfile$`)).waitFor();

  // Built from the Builds view; the run's page follows it to the end.
  await page.getByRole('tab', { name: 'Builds' }).click();
  await page.getByText(/Docker engine .* ready for builds/).waitFor();
  await page.getByRole('button', { name: 'Start build' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/multistage-build\/builds\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const status = page.locator(`[data-run-id="${id}"] [data-build-status]`);
  await page.locator(`[data-run-id="${id}"] :is([data-build-status="succeeded"], [data-build-status="failed"])`).waitFor({ timeout: 300_000 });
  assert.equal(await status.getAttribute('data-build-status'), 'succeeded', await page.locator('main').innerText());
  for (const stage of ['deps', 'build', 'test', 'runtime']) {
    assert.equal(await page.locator(`[data-stage-progress="${stage}"]`).count(), 1, `stage ${stage} is shown`);
  }
  await page.screenshot({ path: join(root, '.cache', 'test-results', 'scaffolded-service.png'), fullPage: true });
});
