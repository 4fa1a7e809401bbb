/**
 * Node.js library for Stagecraft's backend plugin and backend modules.
 *
 * @packageDocumentation
 */
export { AnalysisPool } from './analysis/AnalysisPool';
export type { AnalysisPoolOptions } from './analysis/AnalysisPool';
export { AnalysisRefusedError } from './analysis/AnalysisRefusedError';
export { readAnalysisPoolOptions } from './analysis/readAnalysisPoolOptions';
