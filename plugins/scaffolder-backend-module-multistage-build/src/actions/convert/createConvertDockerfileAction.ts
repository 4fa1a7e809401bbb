import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { readWorkspaceFile, writeWorkspaceFiles } from '../workspaceFiles';
import { examples } from './examples';

/**
 * `multistage:dockerfile:convert`: rewrites a single-stage Dockerfile in the
 * workspace as a multi-stage one with the analysis core's converter (Node,
 * Python, Go, Java, Rust), and says what it assumed. The conversion runs in
 * the analysis pool, off the event loop, within its limits.
 */
export function createConvertDockerfileAction(options: { analysis: AnalysisPool }) {
  return createTemplateAction({
    id: 'multistage:dockerfile:convert',
    description: 'Converts a single-stage Dockerfile in the workspace into a multi-stage one',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z => z.string().default('Dockerfile').describe('The single-stage Dockerfile, relative to the workspace'),
        outputPath: z =>
          z.string().optional().describe('Where to write the result, relative to the workspace; the input file itself when absent'),
        includeTest: z =>
          z.boolean().default(true).describe('Add a test stage that gates the runtime image'),
      },
      output: {
        outputPath: z => z.string().describe('Where the multi-stage Dockerfile was written'),
        language: z => z.string().describe('The language the converter recognised'),
        stages: z => z.array(z.string()).describe('Stage names in file order; the runtime stage is last'),
        notes: z => z.array(z.string()).describe('What the converter assumed, replaced or left out, for a person to check'),
      },
    },
    async handler(ctx) {
      const path = ctx.input.path ?? 'Dockerfile';
      const outputPath = ctx.input.outputPath ?? path;
      const text = await readWorkspaceFile(ctx.workspacePath, path);
      const result = await options.analysis.convert({ text, path, includeTest: ctx.input.includeTest ?? true }, path);
      if (!result.ok) throw new InputError(result.reason);
      await writeWorkspaceFiles(ctx.workspacePath, { [outputPath]: result.text }, { overwrite: outputPath === path });
      ctx.logger.info(`Converted ${path} (${result.language}) into ${outputPath}: ${result.stages.join(' -> ')}`);
      for (const note of result.notes) ctx.logger.info(`note: ${note}`);
      ctx.output('outputPath', outputPath);
      ctx.output('language', result.language);
      ctx.output('stages', result.stages);
      ctx.output('notes', result.notes);
    },
  });
}
