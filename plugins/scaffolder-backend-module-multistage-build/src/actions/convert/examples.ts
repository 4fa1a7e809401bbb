import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Convert the Dockerfile at the workspace root in place',
    example: yaml.stringify({
      steps: [{ id: 'convert', action: 'multistage:dockerfile:convert', name: 'Make the build multi-stage', input: {} }],
    }),
  },
  {
    description: 'Write the multi-stage version next to the original, without a test stage',
    example: yaml.stringify({
      steps: [
        {
          id: 'convert',
          action: 'multistage:dockerfile:convert',
          name: 'Propose a multi-stage build',
          input: { path: 'app/Dockerfile', outputPath: 'app/Dockerfile.multistage', includeTest: false },
        },
      ],
    }),
  },
];
