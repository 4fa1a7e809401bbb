import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Analyse the Dockerfile at the workspace root; fail the task only on errors',
    example: yaml.stringify({
      steps: [{ id: 'analysis', action: 'multistage:dockerfile:analyze', name: 'Analyse the Dockerfile', input: {} }],
    }),
  },
  {
    description: 'Analyse a Dockerfile in a subdirectory and fail the task on any warning',
    example: yaml.stringify({
      steps: [
        {
          id: 'analysis',
          action: 'multistage:dockerfile:analyze',
          name: 'Check the service Dockerfile',
          input: { path: 'service/Dockerfile', failOn: 'warning' },
        },
      ],
    }),
  },
];
