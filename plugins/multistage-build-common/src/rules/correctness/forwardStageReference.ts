/*
 * FROM only sees stages defined above it (BuildKit registers a stage's name
 * after resolving its base), so `FROM app` where `app` is defined further
 * down silently pulls an image called `app` from Docker Hub. COPY --from and
 * mounts may name later stages; only FROM is affected. `FROM nginx AS nginx`
 * names itself and is an ordinary image, so it is left alone.
 */
import { stageReferences, stagesNamed } from '../shared/stageReferences';
import { defineRule } from '../types';

export interface ForwardStageReferenceData {
  name: string;
  /** Line of the later FROM that defines the stage. */
  stageLine: number;
}

export const forwardStageReference = defineRule<ForwardStageReferenceData>({
  id: 'forward-stage-reference',
  severity: 'warning',
  category: 'correctness',
  description: 'FROM names a stage that is only defined further down, so an image of that name is pulled instead.',
  message: ({ name, stageLine }) =>
    `FROM ${name} names the stage defined further down (line ${stageLine}); FROM only sees earlier stages, ` +
    `so BuildKit pulls an image called "${name}" instead`,
  check: context =>
    stageReferences(context).flatMap(reference => {
      if (reference.kind !== 'from' || reference.resolved === null) return [];
      if (reference.stage.baseKind === 'stage') return [];
      const lowered = reference.resolved.toLowerCase();
      const later = stagesNamed(context.graph, lowered).find(s => s.index > reference.stage.index);
      if (!later) return [];
      return [
        {
          line: reference.instruction.line,
          endLine: reference.instruction.endLine,
          stage: reference.stage.index,
          data: { name: reference.resolved, stageLine: later.line },
        },
      ];
    }),
});
