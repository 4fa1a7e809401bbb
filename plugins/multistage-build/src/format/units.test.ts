import { formatAge, formatBytes, formatBytesChange, formatDuration, formatPercent, runDurationMs } from './units';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '0 ms'],
    [849.6, '850 ms'],
    [4200, '4.2 s'],
    [59_949, '59.9 s'],
    [185_000, '3 min 05 s'],
    [3_720_000, '1 h 02 min'],
  ])('%p reads %p', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatBytes', () => {
  it.each([
    [undefined, '—'],
    [512, '512 B'],
    [7_300_000, '7.3 MB'],
    [73_000_000, '73 MB'],
    [1_500_000_000, '1.5 GB'],
  ])('%p reads %p', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatPercent and runDurationMs', () => {
  it('rounds ratios and measures runs, open ones up to now', () => {
    expect(formatPercent(0.756)).toBe('76 %');
    expect(formatPercent(null)).toBe('—');
    expect(runDurationMs({ startedAt: '2026-12-03T10:00:00Z', finishedAt: '2026-12-03T10:00:04Z' })).toBe(4000);
    expect(runDurationMs({ startedAt: '2026-12-03T10:00:00Z', finishedAt: null }, Date.parse('2026-12-03T10:00:01Z'))).toBe(1000);
    expect(runDurationMs({ startedAt: null, finishedAt: null })).toBeNull();
  });
});

describe('formatBytesChange', () => {
  it.each([
    [null, '—'],
    [0, 'no change'],
    [12_000_000, '+12 MB'],
    [-3_000_000, '\u22123.0 MB'],
  ])('%p reads %p', (bytes, text) => expect(formatBytesChange(bytes)).toBe(text));
});

describe('formatAge', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it.each([
    [null, '—'],
    ['2026-12-03T11:59:30Z', 'just now'],
    ['2026-12-03T11:55:00Z', '5 min ago'],
    ['2026-12-03T09:00:00Z', '3 h ago'],
    ['2026-12-01T12:00:00Z', '2 d ago'],
    // A clock a little ahead of the browser's must not read as the future.
    ['2026-12-03T12:00:10Z', 'just now'],
  ])('%p reads %p', (iso, text) => expect(formatAge(iso, now)).toBe(text));
});
