import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  getServiceTemplate,
  renderServiceTemplate,
  serviceTemplates,
  TemplateParameterError,
} from '@stagecraft/plugin-multistage-build-common';
import { joinWorkspacePath, writeWorkspaceFiles } from '../workspaceFiles';
import { examples } from './examples';

const templateIds = serviceTemplates.map(t => t.id) as [string, ...string[]];

/**
 * `multistage:dockerfile:generate`: renders a template from the library with
 * checked parameters and writes its Dockerfile and .dockerignore into the
 * workspace.
 */
export function createGenerateDockerfileAction() {
  return createTemplateAction({
    id: 'multistage:dockerfile:generate',
    description: 'Writes a multi-stage Dockerfile and .dockerignore from a Stagecraft template into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        templateId: z => z.enum(templateIds).describe(`The template: ${templateIds.join(', ')}`),
        parameters: z =>
          z
            .record(z.unknown())
            .optional()
            .describe("The template's parameters (versions, port, entry point, extra system packages); defaults fill the rest"),
        targetPath: z =>
          z.string().default('.').describe('Directory in the workspace to write the files into'),
        overwrite: z =>
          z.boolean().default(false).describe('Replace a Dockerfile or .dockerignore that is already there'),
      },
      output: {
        dockerfilePath: z => z.string().describe('Where the Dockerfile was written, relative to the workspace'),
        stages: z => z.array(z.string()).describe('Stage names in file order; the last is the default target'),
        baseImages: z => z.record(z.string()).describe('The base-image build args and their pinned defaults'),
      },
    },
    async handler(ctx) {
      const template = getServiceTemplate(ctx.input.templateId);
      const rendered = (() => {
        try {
          return renderServiceTemplate(template.id, ctx.input.parameters ?? {});
        } catch (e) {
          if (e instanceof TemplateParameterError) throw new InputError(e.message);
          throw e;
        }
      })();
      const dir = ctx.input.targetPath ?? '.';
      const dockerfilePath = joinWorkspacePath(dir, 'Dockerfile');
      await writeWorkspaceFiles(
        ctx.workspacePath,
        { [dockerfilePath]: rendered.dockerfile, [joinWorkspacePath(dir, '.dockerignore')]: rendered.dockerignore },
        { overwrite: ctx.input.overwrite ?? false },
      );
      ctx.logger.info(`Wrote ${dockerfilePath} from template ${template.id}: ${template.stages.map(s => s.name).join(' -> ')}`);
      ctx.output('dockerfilePath', dockerfilePath);
      ctx.output('stages', template.stages.map(s => s.name));
      ctx.output('baseImages', template.baseImages(rendered.values));
    },
  });
}
