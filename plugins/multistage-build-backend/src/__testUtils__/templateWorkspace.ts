/*
 * A new service as the software templates create it, for tests and benches
 * that build templates without the scaffolder: the skeleton under
 * templates/<id>/skeleton with its `${{ values.* }}` placeholders filled (the
 * only templating the skeletons use), plus the rendered Dockerfile and
 * .dockerignore.
 */
import { renderServiceTemplate, serviceTemplates } from '@stagecraft/plugin-multistage-build-common';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const templatesRoot = resolve(__dirname, '../../../../templates');

/** The template ids that have a skeleton. */
export function templatesWithSkeletons(): string[] {
  return readdirSync(templatesRoot).filter(id => statSync(join(templatesRoot, id, 'skeleton'), { throwIfNoEntry: false })?.isDirectory());
}

function fillPlaceholders(dir: string, values: Record<string, string>) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      fillPlaceholders(path, values);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const filled = text.replace(/\$\{\{\s*values\.(\w+)\s*(?:\|\s*(dump|escape)\s*)?\}\}/g, (whole, name: string, filter?: string) => {
      if (!(name in values)) throw new Error(`${path}: no value for ${whole}`);
      if (filter === 'dump') return JSON.stringify(values[name]);
      if (filter === 'escape') return values[name].replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
      return values[name];
    });
    if (filled !== text) writeFileSync(path, filled);
  }
}

/**
 * The parameters verification builds use: the defaults, but another port
 * wherever there is one, so that a service only turns healthy if the port
 * reaches it (ENV PORT) and its HEALTHCHECK.
 */
export function verificationParameters(templateId: string): Record<string, unknown> {
  const template = serviceTemplates.find(t => t.id === templateId);
  if (!template) throw new Error(`no template ${templateId}`);
  return template.parameters.some(p => p.name === 'port') ? { port: 9091 } : {};
}

/** Writes the service into a new temporary directory and returns its path. */
export function createTemplateWorkspace(templateId: string, parameters: Record<string, unknown> = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), `stagecraft-${templateId}-`)), 'service');
  cpSync(join(templatesRoot, templateId, 'skeleton'), dir, { recursive: true });
  const rendered = renderServiceTemplate(templateId, parameters);
  fillPlaceholders(dir, {
    ...Object.fromEntries(Object.entries(rendered.values).map(([k, v]) => [k, String(v)])),
    name: `verify-${templateId}`,
    description: `A ${templateId} service`,
    owner: 'group:default/platform',
  });
  writeFileSync(join(dir, 'Dockerfile'), rendered.dockerfile);
  writeFileSync(join(dir, '.dockerignore'), rendered.dockerignore);
  return dir;
}
