/*
 * Headless Chromium signed in to the portal as guest, for the end-to-end tests.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { appUrl, root } from './portal.ts';

export async function openSignedInPage(): Promise<{ browser: Browser; page: Page }> {
  const executablePath = execFileSync('bash', [join(root, 'scripts/services/chromium.sh')], {
    encoding: 'utf8',
  }).trim();
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Playwright gives every launch a fresh, empty profile of its own.
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(120_000);
  await page.goto(appUrl);
  // The app starts with the guest sign-in card.
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('navigation', { name: 'sidebar nav', includeHidden: true }).waitFor({ state: 'attached' });
  return { browser, page };
}
