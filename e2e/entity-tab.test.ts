/*
 * End to end: the portal with the example services, in headless Chromium.
 * Saves a screenshot of the tab to .cache/test-results/entity-tab.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openSignedInPage } from './browser.ts';
import { appUrl, root, startPortal } from './portal.ts';

let stopPortal: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let page: Page;

before(async () => {
  stopPortal = await startPortal();
  ({ browser, page } = await openSignedInPage());
});

after(async () => {
  await browser?.close();
  await stopPortal?.();
});

test('the catalog lists the example services', async () => {
  // The catalog is the app's home page (app-config: page:catalog at /).
  await page.goto(appUrl);
  for (const name of ['hello-c', 'python-api', 'node-web', 'static-site']) {
    await page.locator(`a[href="/catalog/default/component/${name}"]`).first().waitFor();
  }
});

test("the Multi-stage build tab shows an example's stages and Dockerfile", async () => {
  await page.goto(`${appUrl}/catalog/default/component/hello-c`);
  await page.getByText('Multi-stage build', { exact: true }).click();

  await page.getByText('3 stages; a plain build produces stage 2').waitFor();
  const stagesTable = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'Base kind' }) });
  const rows = stagesTable.locator('tbody tr');
  assert.equal(await rows.count(), 3);
  const firstRow = await rows.nth(0).innerText();
  assert.match(firstRow, /build/);
  assert.match(firstRow, /\$\{GCC_IMAGE\}/);
  assert.match(firstRow, /gcc:12/);
  assert.match(await rows.nth(1).innerText(), /test/);
  assert.match(await rows.nth(2).innerText(), /runtime/);
  assert.match(await page.locator('pre').first().innerText(), /RUN make wordfreq/);
  await page.getByText(/Docker engine .* ready for builds|Builds are unavailable/).waitFor();

  await page.screenshot({
    path: join(root, '.cache', 'test-results', 'entity-tab.png'),
    fullPage: true,
  });
});

test('the tab shows the same findings as the command line, and the stage graph', async () => {
  const cli = execFileSync('node', [join(root, 'plugins/multistage-build-common/bin/multistage-lint.cjs'), '--format', 'json', 'examples/python-api/Dockerfile.naive'], {
    cwd: root,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(cli) as { findings: { rule: string; line: number; message: string }[] }[];

  await page.goto(`${appUrl}/catalog/default/component/python-api-legacy`);
  await page.getByText('Multi-stage build', { exact: true }).click();
  const findingsTable = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'Message' }) });
  await findingsTable.waitFor();
  // The legacy Dockerfile has findings of every severity it can have: the comparison must not be vacuous.
  assert.ok(report.findings.length >= 4, `expected findings in Dockerfile.naive, got ${report.findings.length}`);
  await findingsTable.getByText(report.findings[0].message).waitFor();
  const rowTexts = await findingsTable.locator('tbody tr').allInnerTexts();
  assert.equal(rowTexts.length, report.findings.length);
  for (const finding of report.findings) {
    assert.ok(
      rowTexts.some(row => row.includes(finding.rule) && row.includes(finding.message) && row.includes(String(finding.line))),
      `finding ${finding.rule} at line ${finding.line} is shown`,
    );
  }
  await page.screenshot({ path: join(root, '.cache', 'test-results', 'entity-tab-findings.png'), fullPage: true });
});

test('the tab draws the stage graph with the critical path', async () => {
  await page.goto(`${appUrl}/catalog/default/component/node-web`);
  await page.getByText('Multi-stage build', { exact: true }).click();
  const graph = page.getByRole('img', { name: 'Stage dependency graph' });
  await graph.waitFor();
  // deps(0) → production-deps(1), build(2) → test(3); runtime(4) copies from 1, 2 and 3.
  assert.equal(await graph.locator('[data-stage]').count(), 5);
  const edges = await graph.locator('[data-edge]').evaluateAll(nodes => nodes.map(n => n.getAttribute('data-edge')));
  assert.deepEqual(edges.sort(), ['0->1:from', '0->2:from', '1->4:copy', '2->3:from', '2->4:copy', '3->4:copy']);
  await page.getByText(/^Critical path: deps → build → test → runtime \(estimated \d+ s\)$/).waitFor();
  await page.screenshot({ path: join(root, '.cache', 'test-results', 'entity-tab-graph.png'), fullPage: true });
});

test('builds hello-c from the tab with live stage progress, then explains the cache misses after a source edit', async () => {
  const source = join(root, 'examples', 'hello-c', 'src', 'wordfreq.c');
  const original = readFileSync(source, 'utf8');
  const buildOnce = async () => {
    await page.goto(`${appUrl}/catalog/default/component/hello-c`);
    await page.getByText('Multi-stage build', { exact: true }).click();
    await page.getByText(/Docker engine .* ready for builds/).waitFor();
    // The panel opens on the latest run; the new one must replace it.
    await page.getByRole('list', { name: 'Recent builds' }).waitFor({ state: 'attached' });
    const previous = (await page.locator('[data-run-id]').count()) > 0
      ? await page.locator('[data-run-id]').getAttribute('data-run-id')
      : null;
    await page.getByRole('button', { name: 'Start build' }).click();
    const run = page.locator(previous ? `[data-run-id]:not([data-run-id="${previous}"])` : '[data-run-id]');
    await run.waitFor();
    // Followed live: its stages appear while it runs, then it ends.
    await page.locator('[data-stage-progress="build"]').waitFor({ timeout: 300_000 });
    await run.and(page.locator('[data-build-status="succeeded"], [data-build-status="failed"]')).waitFor({ timeout: 300_000 });
    assert.equal(await run.getAttribute('data-build-status'), 'succeeded', await page.locator('main').innerText());
  };
  try {
    await buildOnce();
    for (const stage of ['build', 'test', 'runtime']) {
      assert.equal(await page.locator(`[data-stage-progress="${stage}"]`).count(), 1, `stage ${stage} is shown`);
    }

    // A one-line edit, new on every run, so the engine cannot have it cached.
    writeFileSync(source, `${original}/* e2e ${Date.now()} */\n`);
    await buildOnce();
    const miss = page.locator('[data-miss-reason="context-files-changed"]');
    await miss.first().waitFor();
    assert.match(await miss.first().innerText(), /files it copies changed: src\/wordfreq\.c/);
    assert.ok((await page.getByText('cached', { exact: true }).count()) > 0, 'some steps came from the cache');
    await page.screenshot({ path: join(root, '.cache', 'test-results', 'entity-tab-build.png'), fullPage: true });
  } finally {
    writeFileSync(source, original);
  }
});

test('the tab renders a template with new parameters and analyses it as they change', async () => {
  await page.goto(`${appUrl}/catalog/default/component/python-api`);
  await page.getByText('Multi-stage build', { exact: true }).click();
  const panel = page.locator('.MuiCard-root').filter({ has: page.getByText('Templates', { exact: true }) });
  // The template select (the rendered file's first comment also names the template).
  await panel.getByRole('button', { name: 'Template' }).click();
  await page.getByRole('option', { name: 'Rust service (cargo)' }).click();
  await panel.getByLabel('Port').fill('9443');

  await panel.getByText(/^5 stages \(deps → build → test → \(dev\) → runtime\); 0 errors, 0 warnings, 0 info$/).waitFor();
  assert.match(await panel.locator('pre').first().innerText(), /EXPOSE 9443/);
  await panel.getByLabel('Port').fill('70000');
  await panel.getByRole('alert').getByText('rust: parameters.port: must be between 1 and 65535, got 70000').waitFor();
});

test('entities without a Dockerfile annotation have no tab', async () => {
  await page.goto(`${appUrl}/catalog/default/component/stagecraft`);
  await page.getByText('Overview', { exact: true }).waitFor();
  assert.equal(await page.getByText('Multi-stage build', { exact: true }).count(), 0);
});
