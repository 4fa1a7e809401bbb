/*
 * The README's first command, `./scripts/start.sh`, run as written on the
 * state the test command's earlier steps left (dependencies installed, the
 * engine up, base images made): the portal and the backend must answer, the
 * catalog must list the examples and an example's tab data must be served.
 * Then its process group, and only that, is stopped: the engine and
 * PostgreSQL, which the test command started, keep running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { appUrl, backendUrl, root, startPortal } from './portal.ts';

/** A guest's Backstage token, as the app gets it when you click Enter. */
async function guestToken(): Promise<string> {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  assert.equal(response.status, 200, await response.clone().text());
  const body = (await response.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

async function getJson(path: string, token: string): Promise<any> {
  const response = await fetch(`${backendUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

function portOpen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function engineAnswers(): boolean {
  try {
    // Same check the test command used to find the engine.
    execFileSync('bash', [join(root, 'scripts/services/docker-engine.sh')], { stdio: 'pipe', env: process.env });
    return true;
  } catch {
    return false;
  }
}

test('./scripts/start.sh starts the portal with the examples, and stopping it leaves the engine and PostgreSQL running', async () => {
  assert.ok(engineAnswers(), 'the test command starts the engine before this test');
  const stop = await startPortal({ command: ['bash', join(root, 'scripts/start.sh')], logName: 'start-script.log' });
  try {
    const page = await fetch(appUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);

    const token = await guestToken();
    // The catalog reads its locations in the background once the backend is up.
    const examples = ['hello-c', 'python-api', 'node-web', 'static-site'];
    let names: string[] = [];
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise(r => setTimeout(r, 1000))) {
      const components = await getJson('/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name&limit=500', token);
      names = components.items.map((item: { metadata: { name: string } }) => item.metadata.name);
      if (examples.every(example => names.includes(example))) break;
    }
    for (const example of examples) {
      assert.ok(names.includes(example), `the catalog lists ${example}: ${names.join(', ')}`);
    }

    const tab = await getJson('/api/multistage-build/entities/component/default/hello-c/dockerfile', token);
    assert.match(JSON.stringify(tab), /RUN make wordfreq/);
    const engine = await getJson('/api/multistage-build/engine', token);
    assert.equal(engine.available, true, JSON.stringify(engine));
  } finally {
    await stop();
  }

  assert.equal(await answers(`${backendUrl}/api/multistage-build/health`), false, 'the backend stopped with its group');
  assert.equal(await portOpen(3000), false, 'the frontend dev server stopped with its group');
  assert.ok(engineAnswers(), 'the engine still answers');
  assert.ok(await portOpen(5432), 'PostgreSQL still accepts connections');
});
