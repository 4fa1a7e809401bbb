import { endOfLifeRelease, endOfLifeReleases, isEndOfLife } from './endOfLifeReleases';

describe('endOfLifeReleases', () => {
  it('is dated and names its source', () => {
    expect(endOfLifeReleases.source).toBe('https://endoflife.date');
    expect(endOfLifeReleases.asOf).toBe('2026-12-01');
  });

  it('holds real dates and one entry per cycle and codename', () => {
    for (const product of Object.values(endOfLifeReleases.products)) {
      const keys = product.releases.flatMap(r => [r.cycle, ...(r.codename ? [r.codename] : [])]);
      expect(new Set(keys).size).toBe(keys.length);
      for (const { eol } of product.releases) {
        expect(eol).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${eol}T00:00:00Z`).toISOString().slice(0, 10)).toBe(eol);
      }
    }
  });

  it('finds releases by cycle or codename', () => {
    expect(endOfLifeRelease('debian', 'buster')).toEqual({ cycle: '10', eol: '2024-06-30', codename: 'buster' });
    expect(endOfLifeRelease('nodejs', '16')?.eol).toBe('2023-09-11');
    expect(endOfLifeRelease('nodejs', '99')).toBeUndefined();
  });

  it('counts a release ending on the table date as end of life, and one ending after it as supported', () => {
    expect(isEndOfLife({ cycle: 'x', eol: '2026-12-01' })).toBe(true);
    expect(isEndOfLife({ cycle: 'x', eol: '2026-12-02' })).toBe(false);
    expect(isEndOfLife(endOfLifeRelease('python', '3.10')!)).toBe(true);
    expect(isEndOfLife(endOfLifeRelease('debian', 'bookworm')!)).toBe(false);
  });
});
