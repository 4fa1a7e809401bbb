/*
 * The template library: every template, looked up by id, rendered with
 * checked parameters.
 */
import { dotnetTemplate } from './library/dotnet';
import { goTemplate } from './library/go';
import { javaGradleTemplate } from './library/javaGradle';
import { javaMavenTemplate } from './library/javaMaven';
import { nodeNpmTemplate } from './library/nodeNpm';
import { nodePnpmTemplate } from './library/nodePnpm';
import { pythonPipTemplate } from './library/pythonPip';
import { pythonPoetryTemplate } from './library/pythonPoetry';
import { rustTemplate } from './library/rust';
import { staticNginxTemplate } from './library/staticNginx';
import { resolveTemplateValues, TemplateParameterError } from './parameters';
import type { RenderedTemplate, ServiceTemplate } from './types';

/** Every template, in the order pickers show them. */
export const serviceTemplates: readonly ServiceTemplate[] = [
  nodeNpmTemplate,
  nodePnpmTemplate,
  pythonPipTemplate,
  pythonPoetryTemplate,
  goTemplate,
  javaMavenTemplate,
  javaGradleTemplate,
  rustTemplate,
  dotnetTemplate,
  staticNginxTemplate,
];

/** The template with this id, or an error that lists the ids there are. */
export function getServiceTemplate(id: string): ServiceTemplate {
  const template = serviceTemplates.find(t => t.id === id);
  if (!template) {
    throw new TemplateParameterError(id, 'templateId', `no template ${JSON.stringify(id)}; there are ${serviceTemplates.map(t => t.id).join(', ')}`);
  }
  return template;
}

/** Renders a template with parameters checked against its schema (defaults filled in). */
export function renderServiceTemplate(id: string, parameters: Record<string, unknown> = {}): RenderedTemplate {
  const template = getServiceTemplate(id);
  const values = resolveTemplateValues(template, parameters);
  return { templateId: id, ...template.render(values), values };
}
