import { chooseEngine } from './chooseEngine';

const one = { name: 'one', platforms: ['linux/amd64'], concurrency: 2 };
const two = { name: 'two', platforms: ['linux/amd64', 'linux/arm64'], concurrency: 4 };

describe('chooseEngine', () => {
  it('keeps an entity on the builder that built it last while that one has room', () => {
    const running = new Map([['one', 1]]);
    expect(chooseEngine({ platforms: [], lastEngine: 'one' }, [one, two], running)).toBe('one');
  });

  it('goes to the least-loaded builder when the last one is full, unhealthy (absent) or unknown', () => {
    expect(chooseEngine({ platforms: [], lastEngine: 'one' }, [one, two], new Map([['one', 2]]))).toBe('two');
    expect(chooseEngine({ platforms: [], lastEngine: 'one' }, [two], new Map())).toBe('two');
    // Load is relative to each builder's limit: 1 of 2 is fuller than 1 of 4.
    expect(chooseEngine({ platforms: [], lastEngine: null }, [one, two], new Map([['one', 1], ['two', 1]]))).toBe('two');
    expect(chooseEngine({ platforms: [], lastEngine: null }, [one, two], new Map())).toBe('one');
  });

  it('only picks a builder that builds the platform, and none when every fitting one is full', () => {
    expect(chooseEngine({ platforms: ['linux/arm64/v8'], lastEngine: 'one' }, [one, two], new Map())).toBe('two');
    expect(chooseEngine({ platforms: ['linux/arm64'], lastEngine: null }, [one, two], new Map([['two', 4]]))).toBeUndefined();
    expect(chooseEngine({ platforms: ['linux/s390x'], lastEngine: null }, [one, two], new Map())).toBeUndefined();
  });

  it('places a run of several platforms on a builder that builds all of them', () => {
    expect(chooseEngine({ platforms: ['linux/amd64', 'linux/arm64'], lastEngine: 'one' }, [one, two], new Map())).toBe('two');
    expect(chooseEngine({ platforms: ['linux/amd64', 'linux/arm64'], lastEngine: null }, [one], new Map())).toBeUndefined();
  });
});
