import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Publish the whole workspace as the service payments-api',
    example: yaml.stringify({
      steps: [{ id: 'publish', action: 'multistage:service:publish', name: 'Publish', input: { name: 'payments-api' } }],
    }),
  },
  {
    description: 'Publish only the service/ directory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'multistage:service:publish',
          name: 'Publish',
          input: { name: 'ledger', sourcePath: 'service' },
        },
      ],
    }),
  },
];
