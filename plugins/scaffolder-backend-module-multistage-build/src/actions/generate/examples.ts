import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Write a Go service Dockerfile with the template defaults at the workspace root',
    example: yaml.stringify({
      steps: [{ id: 'dockerfile', action: 'multistage:dockerfile:generate', name: 'Write the Dockerfile', input: { templateId: 'go' } }],
    }),
  },
  {
    description: 'Write a Node.js (npm) Dockerfile for Node 22 on port 8080, with tzdata in the runtime image, under service/',
    example: yaml.stringify({
      steps: [
        {
          id: 'dockerfile',
          action: 'multistage:dockerfile:generate',
          name: 'Write the Dockerfile',
          input: {
            templateId: 'node-npm',
            targetPath: 'service',
            parameters: { nodeVersion: '22.12.0', port: 8080, systemPackages: ['tzdata'] },
          },
        },
      ],
    }),
  },
];
