import { closestName } from './closestName';

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
