/*
 * Rules that judge a base image by its tag (a rolling channel, an
 * end-of-life release) must only judge what the file actually says. A FROM
 * that uses a variable is read with the global ARG defaults, as BuildKit
 * reads it without build args; a variable without a default could become
 * anything at build time, so such a base is not judged at all.
 */
import { parseImageReference, type ImageReference } from '../../stages/imageReference';
import type { Stage, StageGraph } from '../../stages/types';
import { variableUses } from './variableUses';

/**
 * The image a stage is built on, when the file pins down which one: null for
 * a stage, `scratch`, a variable without a global default, or text that is no
 * image reference.
 */
export function knownBaseImage(graph: StageGraph, stage: Stage, escapeChar = '\\'): ImageReference | null {
  if (stage.baseKind === 'stage' || stage.baseKind === 'scratch') return null;
  if (stage.baseKind === 'variable') {
    const undecided = variableUses(stage.base, escapeChar).some(name => !graph.globalArgDefaults.has(name));
    if (undecided) return null;
  }
  if (stage.resolvedBase.toLowerCase() === 'scratch') return null;
  return parseImageReference(stage.resolvedBase);
}
