import type { StageSummary } from '../api';
import { sessionMountsOf } from './sessionMounts';
import type { Stage } from './types';

/** The API's view of stages: everything but the instruction bodies. */
export function summarizeStages(stages: Stage[]): StageSummary[] {
  return stages.map(stage => {
    const { instructions, baseStage: _baseStage, ...rest } = stage;
    return { ...rest, instructionCount: instructions.length, sessionMounts: sessionMountsOf(stage) };
  });
}
