import { closestName, NameSuggester } from './closestName';

describe('closestName', () => {
  it('suggests a near miss', () => {
    expect(closestName('biulder', ['builder', 'runtime'])).toBe('builder');
    expect(closestName('Build', ['builds', 'test'])).toBe('builds');
  });

  it('does not suggest far names, exact matches or ties', () => {
    expect(closestName('runtime', ['builder'])).toBeNull();
    expect(closestName('build', ['build'])).toBeNull();
    expect(closestName('abc', ['abd', 'abe'])).toBeNull();
    expect(closestName('ab', ['ac'])).toBeNull();
  });
});

describe('NameSuggester', () => {
  /** The plain edit distance, to check the banded one against. */
  function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  /** The answer closestName gave before it was indexed: every candidate compared in full. */
  function naiveClosest(name: string, candidates: string[]): string | null {
    const lowered = name.toLowerCase();
    const limit = Math.min(2, Math.ceil(lowered.length / 2) - 1);
    let best: string | null = null;
    let bestDistance = Infinity;
    let tie = false;
    for (const candidate of new Set(candidates)) {
      const distance = editDistance(lowered, candidate.toLowerCase());
      if (distance === 0 || distance > limit) continue;
      if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
      else if (distance === bestDistance) tie = true;
    }
    return tie ? null : best;
  }

  it('answers as comparing every candidate in full would, on random names', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const word = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => 'abcdE'[Math.floor(random() * 5)]).join('');
    for (let round = 0; round < 300; round++) {
      const candidates = Array.from({ length: 1 + Math.floor(random() * 12) }, word);
      const suggester = new NameSuggester(candidates);
      const name = word();
      expect([name, candidates, suggester.closest(name)]).toEqual([name, candidates, naiveClosest(name, candidates)]);
    }
  });

  it('makes no suggestion for names over 256 characters (a typo is not how they come about)', () => {
    const long = 'a'.repeat(300);
    expect(new NameSuggester([long]).closest(`${long}b`)).toBeNull();
    expect(new NameSuggester(['a'.repeat(200)]).closest(`${'a'.repeat(200)}b`)).toBe('a'.repeat(200));
  });

  it('stops suggesting once its work budget is spent', () => {
    const candidates = Array.from({ length: 100 }, (_, i) => `stage${i}`);
    const suggester = new NameSuggester(candidates, 50);
    expect(suggester.closest('stagf5')).toBeNull();
    expect(new NameSuggester(candidates).closest('stagex55')).toBe('stage55');
  });
});
