/*
 * Node.js with npm: dependencies installed once per lockfile change (npm's
 * cache mounted), production dependencies pruned in a stage of their own, the
 * build and the tests on top, and a slim runtime that gets only the output.
 */
import { dockerfileText, dockerignore, header, jsonArray, run, stageComment, testRun } from '../dockerfileParts';
import { healthPathParameter, pathParameter, portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage } from '../types';
import { nodeBaseImages, nodeDevLines, nodeRuntimeLines } from './nodeParts';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'every dependency from the lockfile; cached until package.json or package-lock.json changes.' },
  { name: 'production-deps', description: 'the same node_modules without devDependencies, for the runtime.' },
  { name: 'build', description: 'the sources and `npm run build`.' },
  { name: 'test', description: '`npm test`; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: all dependencies and `npm run dev`.', optional: true },
  { name: 'debug', description: 'the built service with the inspector on port 9229.', optional: true },
  { name: 'runtime', description: 'the slim Node image with the build output and production dependencies, as a non-root user.' },
];

const baseImages = nodeBaseImages;

export const nodeNpmTemplate: ServiceTemplate = {
  id: 'node-npm',
  title: 'Node.js service (npm)',
  language: 'node',
  buildTool: 'npm',
  description: 'A Node.js service whose dependencies come from package-lock.json; built with npm run build and tested with npm test.',
  compiled: false,
  parameters: [
    versionParameter({ name: 'nodeVersion', title: 'Node.js version', description: 'The official node image tag to build and run on.', default: '22.12.0', minimumVersion: '18' }),
    portParameter(3000),
    healthPathParameter,
    pathParameter({ name: 'main', title: 'Entry point', description: 'The built file `node` starts, relative to the app directory.', default: 'dist/server.js' }),
    pathParameter({ name: 'outputDir', title: 'Build output', description: 'The directory `npm run build` writes, copied into the runtime.', default: 'dist' }),
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const port = v.port as number;
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG NODE_IMAGE=${images.NODE_IMAGE}`, `ARG NODE_RUNTIME_IMAGE=${images.NODE_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'deps'),
        'FROM ${NODE_IMAGE} AS deps',
        'WORKDIR /app',
        'COPY package.json package-lock.json ./',
        run('npm ci --no-audit --no-fund', [{ target: '/root/.npm' }]),
      ],
      [
        stageComment(stages, 'production-deps'),
        'FROM deps AS production-deps',
        '# mkdir: a project without dependencies has no node_modules, and the runtime copies it.',
        'RUN npm prune --omit=dev --no-audit --no-fund && mkdir -p node_modules',
      ],
      [stageComment(stages, 'build'), 'FROM deps AS build', 'COPY . .', 'RUN npm run build'],
      [stageComment(stages, 'test'), 'FROM build AS test', testRun('npm test')],
      nodeDevLines(stages, v, 'npm'),
      [
        stageComment(stages, 'debug'),
        'FROM build AS debug',
        'USER 1000:1000',
        `EXPOSE ${port} 9229`,
        `CMD ${jsonArray(['node', '--inspect=0.0.0.0:9229', String(v.main)])}`,
      ],
      nodeRuntimeLines(stages, v),
    ]);
    return { dockerfile, dockerignore: dockerignore(['node_modules', 'npm-debug.log*', String(v.outputDir), 'coverage']) };
  },
};
