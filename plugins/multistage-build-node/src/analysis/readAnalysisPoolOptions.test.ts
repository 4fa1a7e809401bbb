/*
 * The analysis pool's settings come from multistageBuild.analysis; bad values
 * stop the backend with their config path instead of being ignored.
 */
import { ConfigReader } from '@backstage/config';
import { readAnalysisPoolOptions } from './readAnalysisPoolOptions';

const read = (analysis: object) => readAnalysisPoolOptions(new ConfigReader({ multistageBuild: { analysis } }));

describe('multistageBuild.analysis', () => {
  it('reads the pool settings and the limits', () => {
    expect(read({ workers: 3, timeoutMs: 2000, limits: { maxStages: 50, maxNestingDepth: 8 } })).toEqual({
      workers: 3,
      timeoutMs: 2000,
      maxQueued: undefined,
      memoryMb: undefined,
      limits: { maxStages: 50, maxNestingDepth: 8 },
    });
  });

  it('refuses unknown limits and values that are not positive whole numbers, by their path', () => {
    expect(() => read({ limits: { maxLines: 5 } })).toThrow(/^multistageBuild\.analysis\.limits\.maxLines is not a limit; known: maxStages, /);
    expect(() => read({ timeoutMs: -1 })).toThrow('multistageBuild.analysis.timeoutMs must be a positive whole number, got -1');
    expect(() => read({ limits: { maxStages: 2.5 } })).toThrow(
      'multistageBuild.analysis.limits.maxStages must be a positive whole number, got 2.5',
    );
  });
});
