/*
 * Node.js with pnpm: pnpm fetches the lockfile's packages into its store (a
 * cache mount) once per lockfile change, then installs offline from it; a
 * production install in a stage of its own, the build and tests on top, and
 * a slim runtime that gets only the output.
 */
import { dockerfileText, dockerignore, header, run, stageComment, testRun } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { healthPathParameter, pathParameter, portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage } from '../types';
import { nodeBaseImages, nodeDevLines, nodeRuntimeLines } from './nodeParts';

const stages: TemplateStage[] = [
  { name: 'pnpm', description: 'Node with pnpm at the version the parameters pin (npm installs it once).' },
  { name: 'deps', description: 'every dependency from pnpm-lock.yaml; cached until package.json or the lockfile changes.' },
  { name: 'production-deps', description: 'node_modules without devDependencies, for the runtime.' },
  { name: 'build', description: 'the sources and `pnpm run build`.' },
  { name: 'test', description: '`pnpm test`; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: all dependencies and `pnpm run dev`.', optional: true },
  { name: 'runtime', description: 'the slim Node image with the build output and production dependencies, as a non-root user.' },
];

const store: CacheMount = { target: '/pnpm/store' };

const baseImages = nodeBaseImages;

export const nodePnpmTemplate: ServiceTemplate = {
  id: 'node-pnpm',
  title: 'Node.js service (pnpm)',
  language: 'node',
  buildTool: 'pnpm',
  description: 'A Node.js service whose dependencies come from pnpm-lock.yaml; built with pnpm run build and tested with pnpm test.',
  compiled: false,
  parameters: [
    versionParameter({ name: 'nodeVersion', title: 'Node.js version', description: 'The official node image tag to build and run on.', default: '22.12.0', minimumVersion: '18' }),
    versionParameter({ name: 'pnpmVersion', title: 'pnpm version', description: 'The pnpm release to install with.', default: '9.15.0' }),
    portParameter(3000),
    healthPathParameter,
    pathParameter({ name: 'main', title: 'Entry point', description: 'The built file `node` starts, relative to the app directory.', default: 'dist/server.js' }),
    pathParameter({ name: 'outputDir', title: 'Build output', description: 'The directory `pnpm run build` writes, copied into the runtime.', default: 'dist' }),
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG NODE_IMAGE=${images.NODE_IMAGE}`, `ARG NODE_RUNTIME_IMAGE=${images.NODE_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'pnpm'),
        'FROM ${NODE_IMAGE} AS pnpm',
        'ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH',
        run(`npm install --global pnpm@${v.pnpmVersion}`, [{ target: '/root/.npm' }]),
      ],
      [
        stageComment(stages, 'deps'),
        'FROM pnpm AS deps',
        'WORKDIR /app',
        'COPY package.json pnpm-lock.yaml ./',
        run('pnpm config set store-dir /pnpm/store && pnpm install --frozen-lockfile', [store]),
      ],
      [
        stageComment(stages, 'production-deps'),
        'FROM deps AS production-deps',
        '# mkdir: a project without dependencies has no node_modules, and the runtime copies it.',
        run('pnpm install --frozen-lockfile --prod --offline && mkdir -p node_modules', [store]),
      ],
      [stageComment(stages, 'build'), 'FROM deps AS build', 'COPY . .', 'RUN pnpm run build'],
      [stageComment(stages, 'test'), 'FROM build AS test', testRun('pnpm test')],
      nodeDevLines(stages, v, 'pnpm'),
      nodeRuntimeLines(stages, v),
    ]);
    return { dockerfile, dockerignore: dockerignore(['node_modules', '.pnpm-store', String(v.outputDir), 'coverage']) };
  },
};
