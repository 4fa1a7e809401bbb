import { allRules } from '.';
import { hadolintCodes, isHadolintCode, rulesForHadolintCode } from './hadolintCodes';

describe('hadolint codes', () => {
  it('map only to rules of the catalog', () => {
    const ids = new Set(allRules.map(r => r.id));
    for (const [code, rules] of Object.entries(hadolintCodes)) {
      expect(isHadolintCode(code)).toBe(true);
      for (const id of rules) expect(ids.has(id) ? id : `${code} -> ${id}`).toBe(id);
    }
  });

  it('look up case-insensitively, and unknown codes map to nothing', () => {
    expect(rulesForHadolintCode('dl3007')).toEqual(['unpinned-base-image']);
    expect(rulesForHadolintCode('DL3008')).toEqual([]);
    expect(isHadolintCode('SC2086')).toBe(true);
    expect(isHadolintCode('root-final-stage')).toBe(false);
  });
});
