import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/app.mjs';

test('serves health, formatting, its errors and the recent durations over HTTP', async () => {
  const app = await createApp();
  const server = app.listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    assert.equal((await (await fetch(`${base}/healthz`)).json()).status, 'ok');
    assert.equal(await (await fetch(`${base}/format?ms=1500`)).text(), '1.5s');
    const bad = await fetch(`${base}/format?ms=-5`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /not a duration/);
    assert.deepEqual(await (await fetch(`${base}/recent`)).json(), [{ ms: 1500, text: '1.5s' }]);
  } finally {
    // fetch keeps connections alive; without closing them the test waits out their idle timeout.
    server.close();
    server.closeAllConnections();
  }
});
