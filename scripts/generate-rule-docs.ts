/*
 * Writes docs/rules/README.md from the rule catalog: `yarn rules:docs`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../plugins/multistage-build-common/src/rules';
import { ruleCatalogMarkdown } from '../plugins/multistage-build-common/src/rules/ruleCatalogMarkdown';

const target = join(__dirname, '..', 'docs', 'rules', 'README.md');
writeFileSync(target, ruleCatalogMarkdown(allRules));
console.log(`wrote docs/rules/README.md (${allRules.length} rules)`);
