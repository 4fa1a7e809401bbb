import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../src/format.mjs';

test('milliseconds, seconds and minutes', () => {
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatDuration(1500), '1.5s');
  assert.equal(formatDuration(125000), '2m05s');
});

test('rejects negative durations', () => {
  assert.throws(() => formatDuration(-1), RangeError);
});
