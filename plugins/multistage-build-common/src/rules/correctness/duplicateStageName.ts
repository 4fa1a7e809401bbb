/*
 * Stage names are case-insensitive and BuildKit keeps only the last stage
 * registered under a name: `COPY --from=x` and `--target x` get the last
 * stage called x, while a `FROM x` gets the nearest one above it. Two stages
 * with one name therefore mean different things in different places.
 */
import { defineRule } from '../types';

export interface DuplicateStageNameData {
  /** The name as written on the later FROM. */
  name: string;
  /** Line of the FROM that first uses the name. */
  firstLine: number;
}

export const duplicateStageName = defineRule<DuplicateStageNameData>({
  id: 'duplicate-stage-name',
  severity: 'error',
  category: 'correctness',
  description: 'Two stages share a name (names are case-insensitive).',
  alsoKnownAs: 'DuplicateStageName',
  message: ({ name, firstLine }) =>
    `stage name "${name}" is already used by the stage on line ${firstLine} (names are case-insensitive); ` +
    `rename one so every --from, FROM and --target means one stage`,
  check: context => {
    const firstByName = new Map<string, number>();
    return context.graph.stages.flatMap(stage => {
      if (stage.name === null) return [];
      const first = firstByName.get(stage.name);
      if (first === undefined) {
        firstByName.set(stage.name, stage.line);
        return [];
      }
      const from = stage.instructions[0];
      return [
        {
          line: stage.line,
          endLine: from?.endLine ?? stage.line,
          stage: stage.index,
          data: { name: from?.args[2] ?? stage.name, firstLine: first },
        },
      ];
    });
  },
});
