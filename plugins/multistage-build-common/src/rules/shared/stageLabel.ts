/*
 * How findings name a stage. BuildKit stores names lower-cased and lets
 * unnamed stages be referred to only by index, so that is what users see.
 */
import type { Stage } from '../../stages/types';

/** `stage "build"`, or `stage 2` for an unnamed stage. */
export function stageLabel(stage: Pick<Stage, 'name' | 'index'>): string {
  return stage.name === null ? `stage ${stage.index}` : `stage "${stage.name}"`;
}

/** The name a `--from` or `--target` would use: the name, or the index for an unnamed stage. */
export function stageShortName(stage: Pick<Stage, 'name' | 'index'>): string {
  return stage.name ?? String(stage.index);
}
