/*
 * A `--from` value that names no stage is pulled as an image, so a misspelt
 * stage name fails late with "pull access denied" / "not found" instead of
 * pointing at the typo. Values are expanded with the global ARG defaults
 * first, as BuildKit does; values that still hold an unset variable are left
 * alone.
 *
 * FROM is judged more narrowly than `--from`: `FROM ubuntu` is a perfectly
 * normal (if unpinned) image, so a bare word in FROM is reported only when it
 * reads like a stage name (a role word such as `builder` or `deps`, or a near
 * miss of a real stage name). A bare word that names a later stage is
 * forward-stage-reference's business, and so is `FROM x AS x`.
 *
 * `--from` is judged the same way: a bare word there can also be a named
 * build context (`docker buildx build --build-context telemetry=...`) or an
 * image built locally beforehand, which this file cannot show. So it is
 * reported only as a near miss of a stage name, a stage index past the last
 * stage, or a stage-like role word written in place (a role word that comes
 * from a variable, `--from=${BUILD_IMAGE}`, is a deliberate choice).
 */
import { looksLikeImageReference } from '../../stages/imageReference';
import { roleFromName } from '../../stages/stageRoles';
import { NameSuggester } from '../shared/closestName';
import { stageReferences, stageSelectedBy, type StageReference } from '../shared/stageReferences';
import { defineRule } from '../types';

export interface UndefinedStageData {
  /** How the reference is written: `FROM builder`, `COPY --from=builder`, `RUN --mount=...,from=builder`. */
  where: string;
  /** The value after expanding global ARGs. */
  name: string;
  /** A stage name close to `name`, if any. */
  suggestion: string | null;
}

function describe(reference: StageReference): string {
  switch (reference.kind) {
    case 'from':
      return `FROM ${reference.written}`;
    case 'copy':
      return `COPY --from=${reference.written}`;
    default:
      return `RUN --mount=...,from=${reference.written}`;
  }
}

export const undefinedStage = defineRule<UndefinedStageData>({
  id: 'undefined-stage',
  severity: 'error',
  category: 'correctness',
  description: 'A FROM, COPY --from or mount from= names something that is neither a stage nor an image reference.',
  message: ({ where, name, suggestion }) =>
    `${where} names "${name}", which is no stage of this file and does not look like an image ` +
    `(no registry, tag, digest or slash)${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
  check: context => {
    const { graph } = context;
    // Built lazily: most files have no reference to judge at all.
    let suggester: NameSuggester | undefined;
    const closestStageName = (name: string) => {
      suggester ??= new NameSuggester(graph.stages.flatMap(s => (s.name === null ? [] : [s.name])));
      return suggester.closest(name);
    };
    return stageReferences(context).flatMap(reference => {
      const name = reference.resolved;
      if (name === null || name === '' || name.toLowerCase() === 'scratch') return [];
      if (looksLikeImageReference(name)) return [];
      const lowered = name.toLowerCase();
      // Edit distances cost; work them out only for names about to be judged.
      let suggestion: string | null = null;
      if (reference.kind === 'from') {
        if (reference.stage.baseKind === 'stage') return [];
        // A name of this or a later stage: forward-stage-reference (or `FROM nginx AS nginx`).
        const last = stageSelectedBy(graph, lowered);
        if (last && last.name === lowered && last.index >= reference.stage.index) return [];
        suggestion = closestStageName(lowered);
        const stageLike = /^\d+$/.test(name) || (roleFromName(lowered) !== undefined && !reference.written.includes('$'));
        if (suggestion === null && !stageLike) return [];
      } else if (stageSelectedBy(graph, name)) {
        return [];
      } else {
        suggestion = closestStageName(lowered);
        const stageLike = /^\d+$/.test(name) || (roleFromName(lowered) !== undefined && !reference.written.includes('$'));
        if (suggestion === null && !stageLike) return [];
      }
      return [
        {
          line: reference.instruction.line,
          endLine: reference.instruction.endLine,
          stage: reference.stage.index,
          data: { where: describe(reference), name, suggestion },
        },
      ];
    });
  },
});
