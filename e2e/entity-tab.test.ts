/*
 * End to end: the portal with the example services, in headless Chromium,
 * against the real backend, engine and database. Saves a screenshot of each
 * view of the build workspace to .cache/test-results/workspace-*.png.
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

const tab = (name: string, view = '') => `${appUrl}/catalog/default/component/${name}/multistage-build${view}`;
const screenshot = (name: string) =>
  page.screenshot({ path: join(root, '.cache', 'test-results', `workspace-${name}.png`), fullPage: true });
const findingRules = () => page.locator('[data-finding]').evaluateAll(nodes => nodes.map(n => n.getAttribute('data-finding')));

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

test('the Dockerfile view: edit in the editor, see a finding appear, apply its fix after the diff, and see it go', async () => {
  await page.goto(`${appUrl}/catalog/default/component/hello-c`);
  await page.getByRole('link', { name: 'Multi-stage build', exact: true }).click();
  await page.waitForURL(tab('hello-c'));
  const editor = page.locator('.cm-content');
  await editor.waitFor();
  assert.match(await editor.innerText(), /RUN make wordfreq/);
  await page.locator('[data-findings-count]').waitFor();
  assert.ok(!(await findingRules()).includes('maintainer-deprecated'));

  // Typed as a user types: at the end of the file.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nMAINTAINER e2e@example.com');
  const finding = page.locator('[data-finding="maintainer-deprecated"]');
  await finding.waitFor();
  // Inline too: the editor's lint gutter marks it.
  await page.locator('.cm-lint-marker').first().waitFor();

  await finding.getByRole('button', { name: 'Apply' }).click();
  const diff = page.getByTestId('fix-diff');
  const patch = await diff.innerText();
  assert.match(patch, /^-MAINTAINER e2e@example\.com$/m);
  assert.match(patch, /^\+LABEL org\.opencontainers\.image\.authors="e2e@example\.com"$/m);
  await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await finding.waitFor({ state: 'detached' });
  assert.match(await editor.innerText(), /LABEL org\.opencontainers\.image\.authors="e2e@example\.com"/);
  await page.getByText('Edited in this browser: nothing is saved to the repository').waitFor();

  // The graph selects a stage's lines and opens it in the inspector.
  await page.getByRole('img', { name: 'Stage dependency graph' }).locator('[data-stage="0"]').click();
  await page.locator('[data-inspected-stage="build"]').waitFor();
  await screenshot('dockerfile');
});

test('the Dockerfile view shows the same findings as the command line', async () => {
  const cli = execFileSync('node', [join(root, 'plugins/multistage-build-common/bin/multistage-lint.cjs'), '--format', 'json', 'examples/python-api/Dockerfile.naive'], {
    cwd: root,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(cli) as { findings: { rule: string; line: number; message: string }[] }[];

  await page.goto(tab('python-api-legacy'));
  await page.locator('[data-findings-count]').waitFor();
  // The legacy Dockerfile has findings of every severity it can have: the comparison must not be vacuous.
  assert.ok(report.findings.length >= 4, `expected findings in Dockerfile.naive, got ${report.findings.length}`);
  await page.getByText(report.findings[0].message, { exact: true }).first().waitFor();
  const items = await page.locator('[data-finding]').allInnerTexts();
  assert.equal(items.length, report.findings.length);
  for (const f of report.findings) {
    assert.ok(
      items.some(item => item.includes(f.rule) && item.includes(f.message) && item.includes(`line ${f.line}`)),
      `finding ${f.rule} at line ${f.line} is shown`,
    );
  }
});

test('the stage graph shows the critical path and mutes stages the target does not need', async () => {
  await page.goto(tab('node-web'));
  const graph = page.getByRole('img', { name: 'Stage dependency graph' });
  await graph.waitFor();
  // deps(0) → production-deps(1), build(2) → test(3); runtime(4) copies from 1, 2 and 3.
  assert.equal(await graph.locator('[data-stage]').count(), 5);
  const edges = await graph.locator('[data-edge]').evaluateAll(nodes => nodes.map(n => n.getAttribute('data-edge')));
  assert.deepEqual(edges.sort(), ['0->1:from', '0->2:from', '1->4:copy', '2->3:from', '2->4:copy', '3->4:copy']);
  await page.getByText(/^Critical path: deps → build → test → runtime \(estimated \d+ s\)$/).waitFor();

  // With the build stage as the target, test and runtime are not needed.
  await page.getByLabel('Analysis target').click();
  await page.getByRole('option', { name: 'build', exact: true }).click();
  await graph.locator('[data-stage="4"][data-needed="false"]').waitFor();
  assert.equal(await graph.locator('[data-stage="0"]').getAttribute('data-needed'), 'true');
});

test('the configuration view saves a build arg, and refuses a stale save with the newer version', async () => {
  await page.goto(tab('hello-c', '/configuration'));
  // A second user's browser, with the form open on the same version.
  const second = await openSignedInPage();
  const other = second.page;
  try {
    await other.goto(tab('hello-c', '/configuration'));
    // Loaded (and its version read) before the first user saves.
    await other.locator('[data-build-arg-input="RUNTIME_IMAGE"]').waitFor();
    // The operators' value, so builds below are unchanged.
    const gcc = page.locator('[data-build-arg-input="GCC_IMAGE"]');
    await gcc.fill('stagecraft/gcc:12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved as version \d+\.$/).waitFor();
    const savedVersion = Number((await page.getByText(/^Saved as version \d+\.$/).innerText()).match(/\d+/)![0]);

    // The other tab read the version before: its save is refused, and says what won.
    await other.locator('[data-build-arg-input="RUNTIME_IMAGE"]').fill('stagecraft/busybox:1.35');
    await other.getByRole('button', { name: 'Save' }).click();
    const stale = other.getByTestId('stale-save');
    await stale.waitFor();
    assert.match(await stale.innerText(), new RegExp(`someone saved version ${savedVersion} meanwhile`));
    assert.match(await stale.innerText(), /Their change: /);
    await other.getByRole('button', { name: 'Reload' }).click();
    await other.getByText(new RegExp(`^Version ${savedVersion}, saved by`)).waitFor();

    // History: who saved which version.
    await page.locator('tr', { hasText: 'user:development/guest' }).filter({ hasText: new RegExp(`^${savedVersion}`) }).first().waitFor();
    await screenshot('configuration');
  } finally {
    await second.browser.close();
  }
});

test('builds hello-c: the run page shows the timeline and logs; a rebuild after a source edit explains the miss', async () => {
  const source = join(root, 'examples', 'hello-c', 'src', 'wordfreq.c');
  const original = readFileSync(source, 'utf8');
  // The status of the run the URL names (the page before may still be drawn for a moment).
  const waitForEnd = async () => {
    const id = page.url().split('/').pop()!;
    await page.locator(`[data-run-id="${id}"] :is([data-build-status="succeeded"], [data-build-status="failed"], [data-build-status="cancelled"])`).waitFor({ timeout: 300_000 });
    const status = await page.locator(`[data-run-id="${id}"] [data-build-status]`).getAttribute('data-build-status');
    assert.equal(status, 'succeeded', await page.locator('main').innerText());
  };
  try {
    await page.goto(tab('hello-c', '/builds'));
    await page.getByText(/Docker engine .* ready for builds/).waitFor();
    await page.getByRole('button', { name: 'Start build' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/multistage-build\/builds\/[0-9a-f-]{36}$/);
    // Followed live, then ended.
    await page.getByRole('img', { name: 'Build timeline' }).waitFor({ timeout: 300_000 });
    await waitForEnd();
    // hello-c has 9 steps in its three stages: one bar each.
    const bars = page.getByRole('img', { name: 'Build timeline' }).locator('[data-timeline-step]');
    await bars.nth(8).waitFor();
    await page.locator('[data-critical="true"]').first().waitFor();
    for (const stage of ['build', 'test', 'runtime']) {
      assert.equal(await page.locator(`[data-stage-progress="${stage}"]`).count(), 1, `stage ${stage} is shown`);
    }
    await page.getByText('Image layers').waitFor();

    // A one-line edit, new on every run, so the engine cannot have it cached.
    writeFileSync(source, `${original}/* e2e ${Date.now()} */\n`);
    const first = page.url();
    await page.getByRole('button', { name: 'Rebuild' }).click();
    await page.waitForURL(url => url.toString() !== first && /\/builds\/[0-9a-f-]{36}$/.test(url.toString()));
    await waitForEnd();
    const miss = page.locator('[data-miss-reason="context-files-changed"]');
    await miss.first().waitFor();
    assert.match(await miss.first().innerText(), /files it copies changed: src\/wordfreq\.c/);
    assert.ok((await page.getByText('cached', { exact: true }).count()) > 0, 'some steps came from the cache');
    // The rebuilt step's whole log, in Backstage's LogViewer.
    await page.locator('[data-step$="] RUN make wordfreq"]').click();
    const logCard = page.locator('.MuiCard-root', { has: page.locator('[data-step-log="RUN make wordfreq"]') });
    await logCard.getByText(/-o wordfreq src\/main\.c src\/wordfreq\.c/).first().waitFor();
    await screenshot('run');

    await page.getByRole('tab', { name: 'Builds' }).click();
    await page.waitForURL(tab('hello-c', '/builds'));
    // Both runs are listed, each with the builder that ran it.
    await page.locator('[data-run-link]').nth(1).waitFor();
    assert.ok((await page.locator('[data-run-engine="default"]').count()) >= 2, 'each run names its builder');
    await screenshot('builds');
  } finally {
    writeFileSync(source, original);
  }
});

test('the configuration view sets a push, and a build pushes: the run page shows the tags and the digest the registry serves', async () => {
  const { STAGECRAFT_REGISTRY: registry, STAGECRAFT_REGISTRY_USER: user, STAGECRAFT_REGISTRY_PASSWORD: password } = process.env;
  assert.ok(registry && user && password, 'the test command starts the local registry (scripts/services/registry.sh)');
  await page.goto(tab('static-site', '/configuration'));
  await page.getByLabel('Repository').fill(`${registry}/examples/static-site`);
  await page.getByLabel('Tags', { exact: true }).fill('{date}-{shortRunId}, latest');
  await page.getByLabel('Cache export (one per line)').fill('type=inline');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(/^Saved as version \d+\.$/).waitFor();
  await screenshot('configuration-push');

  await page.goto(tab('static-site', '/builds'));
  await page.getByText(/Docker engine .* ready for builds/).waitFor();
  await page.getByRole('button', { name: 'Start build' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/multistage-build\/builds\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await page.locator(`[data-run-id="${id}"] :is([data-build-status="succeeded"], [data-build-status="failed"])`).waitFor({ timeout: 300_000 });
  assert.equal(await page.locator(`[data-run-id="${id}"] [data-build-status]`).getAttribute('data-build-status'), 'succeeded', await page.locator('main').innerText());
  const pushed = page.getByTestId('pushed-image');
  await pushed.waitFor();
  const text = await pushed.innerText();
  assert.match(text, new RegExp(`${registry}/examples/static-site:\\d{8}-${id.slice(0, 8)}`));
  assert.match(text, new RegExp(`${registry}/examples/static-site:latest`));
  const digest = /manifest (sha256:[0-9a-f]{64})/.exec(text)?.[1];
  assert.ok(digest, text);
  // The registry serves that digest under the tag.
  const served = await fetch(`http://${registry}/v2/examples/static-site/manifests/latest`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(served.headers.get('docker-content-digest'), digest);
  await screenshot('run-pushed');
});

test('the analytics view plots the runs, and a point opens its run', async () => {
  await page.goto(tab('hello-c', '/analytics'));
  const duration = page.locator('[data-chart="duration"]');
  await duration.locator('.recharts-dot').first().waitFor();
  assert.ok((await duration.locator('.recharts-dot').count()) >= 2, 'each run is a point');
  // The rebuild's stages took time: its bars have height.
  await page.locator('[data-chart="stages"] path.recharts-rectangle').first().waitFor();
  await screenshot('analytics');

  await duration.locator('.recharts-dot').last().click();
  await page.waitForURL(/\/multistage-build\/builds\/[0-9a-f-]{36}$/);
  await page.getByRole('img', { name: 'Build timeline' }).waitFor();
});

test("the overview's card shows the last build and the open findings, and leads to the tab", async () => {
  await page.goto(`${appUrl}/catalog/default/component/hello-c`);
  const card = page.locator('.MuiCard-root', { has: page.locator('[data-open-findings]') });
  await card.locator('[data-last-build] [data-build-status="succeeded"]').waitFor();
  assert.match(await card.locator('[data-open-findings]').innerText(), /^\d+ errors? · \d+ warnings? · \d+ info$/);
  await screenshot('overview-card');
  await card.getByText('Open the build workspace').click();
  await page.waitForURL(tab('hello-c'));
});

test('the Dockerfile view renders a template with new parameters and analyses it as they change', async () => {
  await page.goto(tab('python-api'));
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
