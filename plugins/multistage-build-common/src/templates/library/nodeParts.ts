/*
 * What the Node.js templates (npm and pnpm) share: their base images, the dev
 * stage and the runtime stage, which differ only in the package manager's
 * name.
 */
import { aptInstall, copyTestMarker, healthTiming, jsonArray, stageComment } from '../dockerfileParts';
import type { TemplateStage, TemplateValues } from '../types';

export const nodeBaseImages = (v: TemplateValues) => ({
  NODE_IMAGE: `node:${v.nodeVersion}-bookworm`,
  NODE_RUNTIME_IMAGE: `node:${v.nodeVersion}-bookworm-slim`,
});

/** The dev stage: all dependencies and `<tool> run dev`, as the node user. */
export function nodeDevLines(stages: TemplateStage[], v: TemplateValues, tool: string): string[] {
  return [
    stageComment(stages, 'dev'),
    'FROM deps AS dev',
    'ENV NODE_ENV=development',
    'COPY . .',
    'USER 1000:1000',
    `ENV PORT=${v.port}`,
    `EXPOSE ${v.port}`,
    `CMD ${jsonArray([tool, 'run', 'dev'])}`,
  ];
}

/** The runtime stage: the slim image, production node_modules and the build output, probed with Node's fetch. */
export function nodeRuntimeLines(stages: TemplateStage[], v: TemplateValues): string[] {
  const port = v.port as number;
  const probe = `fetch('http://127.0.0.1:${port}${v.healthPath}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return [
    stageComment(stages, 'runtime'),
    'FROM ${NODE_RUNTIME_IMAGE} AS runtime',
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    ...aptInstall(v.systemPackages as string[]),
    copyTestMarker('test'),
    'COPY --from=production-deps /app/node_modules ./node_modules',
    'COPY --from=build /app/package.json ./',
    `COPY --from=build /app/${v.outputDir} ./${v.outputDir}`,
    '# The uid of the node user in the official images.',
    'USER 1000:1000',
    `ENV PORT=${port}`,
    `EXPOSE ${port}`,
    `HEALTHCHECK ${healthTiming} CMD ${jsonArray(['node', '-e', probe])}`,
    `CMD ${jsonArray(['node', String(v.main)])}`,
  ];
}
