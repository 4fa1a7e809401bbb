import type { Config } from '@backstage/config';
import { defaultAnalysisLimits, type AnalysisLimits } from '@stagecraft/plugin-multistage-build-common';
import type { AnalysisPoolOptions } from './AnalysisPool';

/**
 * The pool's settings from `multistageBuild.analysis` (workers, timeoutMs,
 * maxQueued, memoryMb, limits.*). A bad value stops the backend with its
 * config path, rather than being ignored.
 *
 * @public
 */
export function readAnalysisPoolOptions(config: Config): AnalysisPoolOptions {
  const analysis = config.getOptionalConfig('multistageBuild.analysis');
  const positive = (key: string): number | undefined => {
    const value = analysis?.getOptionalNumber(key);
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new Error(`multistageBuild.analysis.${key} must be a positive whole number, got ${value}`);
    }
    return value;
  };
  const limits: Partial<AnalysisLimits> = {};
  for (const name of Object.keys(defaultAnalysisLimits) as (keyof AnalysisLimits)[]) {
    const value = positive(`limits.${name}`);
    if (value !== undefined) limits[name] = value;
  }
  const known = new Set(Object.keys(defaultAnalysisLimits));
  for (const key of analysis?.getOptionalConfig('limits')?.keys() ?? []) {
    if (!known.has(key)) {
      throw new Error(`multistageBuild.analysis.limits.${key} is not a limit; known: ${[...known].join(', ')}`);
    }
  }
  return {
    workers: positive('workers'),
    timeoutMs: positive('timeoutMs'),
    maxQueued: positive('maxQueued'),
    memoryMb: positive('memoryMb'),
    limits,
  };
}
