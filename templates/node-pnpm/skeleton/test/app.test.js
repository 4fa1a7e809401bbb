import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handle } from '../src/app.js';

test('health answers ok', () => {
  assert.deepEqual(handle('GET', '/healthz'), { status: 200, body: { status: 'ok' } });
});

test('unknown routes and methods are refused', () => {
  assert.equal(handle('GET', '/nope').status, 404);
  assert.equal(handle('POST', '/').status, 405);
});
