/*
 * Writes templates/<id>/template.yaml for every library template that has a
 * skeleton directory, and docs/templates.md (yarn templates:generate).
 */
import { serviceTemplates } from '@stagecraft/plugin-multistage-build-common';
import { templateCatalogMarkdown } from '../plugins/multistage-build-common/src/templates/templateCatalogMarkdown';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'yaml';
import { generatedHeader, softwareTemplateFor } from '../plugins/scaffolder-backend-module-multistage-build/src/softwareTemplates/softwareTemplate';

const root = resolve(__dirname, '../templates');

const verified: string[] = [];
for (const template of serviceTemplates) {
  if (!existsSync(join(root, template.id, 'skeleton'))) continue;
  const file = join(root, template.id, 'template.yaml');
  writeFileSync(file, generatedHeader + yaml.stringify(softwareTemplateFor(template), { lineWidth: 0 }));
  console.log(`wrote templates/${template.id}/template.yaml`);
  verified.push(template.id);
}
writeFileSync(join(root, '..', 'docs', 'templates.md'), templateCatalogMarkdown(serviceTemplates, verified));
console.log('wrote docs/templates.md');
