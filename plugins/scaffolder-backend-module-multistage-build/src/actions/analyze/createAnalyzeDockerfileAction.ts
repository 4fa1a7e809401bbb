import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  buildStageGraph,
  parseDockerfile,
  summarizeStages,
} from '@stagecraft/plugin-multistage-build-common';
import { readFile } from 'node:fs/promises';
import { examples } from './examples';

/**
 * `multistage:dockerfile:analyze`: parses a Dockerfile in the workspace and
 * outputs its stages and default target; a file that does not parse fails
 * the step with the positions of the errors.
 */
export function createAnalyzeDockerfileAction() {
  return createTemplateAction({
    id: 'multistage:dockerfile:analyze',
    description: 'Parses a Dockerfile in the workspace and outputs its stages',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .describe('Path of the Dockerfile, relative to the workspace')
            .default('Dockerfile'),
      },
      output: {
        stageCount: z => z.number().describe('How many stages the file has'),
        stageNames: z =>
          z.array(z.string()).describe('Stage names in build order; unnamed stages by index'),
        defaultTarget: z =>
          z.string().describe('The stage a plain build produces, by name or index'),
      },
    },
    async handler(ctx) {
      const path = ctx.input.path ?? 'Dockerfile';
      const file = resolveSafeChildPath(ctx.workspacePath, path);
      const text = await readFile(file, 'utf8').catch(e => {
        throw new InputError(`Cannot read ${path} in the workspace: ${(e as Error).message}`);
      });
      const parsed = parseDockerfile(text);
      if (parsed.errors.length > 0) {
        const where = parsed.errors.map(e => `${path}:${e.line}: ${e.message}`).join('\n');
        throw new InputError(`${path} does not parse:\n${where}`);
      }
      const graph = buildStageGraph(parsed);
      const stages = summarizeStages(graph.stages);
      const label = (i: number) => stages[i].name ?? String(i);
      ctx.logger.info(
        `${path}: ${stages.length} stage(s): ${stages.map(s => `${label(s.index)} (${s.role})`).join(', ')}`,
      );
      ctx.output('stageCount', stages.length);
      ctx.output('stageNames', stages.map(s => label(s.index)));
      ctx.output('defaultTarget', graph.defaultTarget === null ? '' : label(graph.defaultTarget));
    },
  });
}
