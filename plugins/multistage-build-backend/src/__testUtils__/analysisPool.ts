import { AnalysisPool, type AnalysisPoolOptions } from '@stagecraft/plugin-multistage-build-node';

/**
 * A real analysis pool (worker threads) for a test file, closed after its
 * tests. Call at the top level of the file.
 */
export function analysisPoolForTests(options?: AnalysisPoolOptions): AnalysisPool {
  const pool = new AnalysisPool(options);
  afterAll(() => pool.close());
  return pool;
}
