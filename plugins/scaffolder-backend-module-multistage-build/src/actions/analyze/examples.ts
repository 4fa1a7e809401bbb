import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Describe the stages of the Dockerfile at the workspace root',
    example: yaml.stringify({
      steps: [
        {
          id: 'stages',
          action: 'multistage:dockerfile:analyze',
          name: 'Describe the Dockerfile stages',
          input: {},
        },
      ],
    }),
  },
  {
    description: 'Describe a Dockerfile in a subdirectory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'stages',
          action: 'multistage:dockerfile:analyze',
          name: 'Describe the service Dockerfile',
          input: { path: 'service/Dockerfile' },
        },
      ],
    }),
  },
];
