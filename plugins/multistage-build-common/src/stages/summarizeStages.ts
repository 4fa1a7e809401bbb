import type { StageSummary } from '../api';
import type { Stage } from './types';

/** The API's view of stages: everything but the instruction bodies. */
export function summarizeStages(stages: Stage[]): StageSummary[] {
  return stages.map(({ instructions, baseStage: _baseStage, ...rest }) => ({
    ...rest,
    instructionCount: instructions.length,
  }));
}
