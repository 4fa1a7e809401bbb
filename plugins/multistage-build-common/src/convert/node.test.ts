import { convertChecked, stageText } from './__testUtils__/convertChecked';

const npmApp = `FROM node:20.11-alpine3.19
WORKDIR /usr/src/app
ENV NODE_ENV=production PORT=3000
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 3000
CMD node dist/server.js
`;

describe('convertToMultiStage: Node.js', () => {
  it('splits an npm build into deps, prod-deps, build, test and a non-root runtime', () => {
    const result = convertChecked(npmApp);
    expect(result.language).toBe('node');
    expect(result.stages).toEqual(['base', 'deps', 'prod-deps', 'build', 'test', 'runtime']);
    expect(result.text.split('\n\n').slice(0, 2)).toEqual(['# syntax=docker/dockerfile:1', 'ARG NODE_VERSION=20.11']);
    expect(stageText(result.text, 'base')).toBe(
      ['FROM node:${NODE_VERSION}-alpine3.19 AS base', 'WORKDIR /usr/src/app'].join('\n'),
    );
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM base AS deps',
        'COPY package.json package-lock.json ./',
        'RUN --mount=type=cache,target=/root/.npm \\',
        '    npm ci',
      ].join('\n'),
    );
    expect(stageText(result.text, 'prod-deps')).toContain('    npm ci --omit=dev');
    expect(stageText(result.text, 'build')).toBe(['FROM deps AS build', 'COPY . .', 'RUN npm run build'].join('\n'));
    expect(stageText(result.text, 'test')).toBe(
      ['FROM build AS test', 'RUN npm test && touch /tmp/tests-passed'].join('\n'),
    );
    expect(stageText(result.text, 'runtime')).toBe(
      [
        'FROM node:${NODE_VERSION}-alpine3.19 AS runtime',
        'WORKDIR /usr/src/app',
        'COPY --from=test /tmp/tests-passed /tmp/tests-passed',
        'COPY --from=prod-deps /usr/src/app/node_modules ./node_modules',
        'COPY --from=build /usr/src/app/dist ./dist',
        'COPY package.json ./',
        'ENV NODE_ENV=production PORT=3000',
        'EXPOSE 3000',
        'USER node',
        'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\',
        `    CMD ["node", "-e", "require('net').connect(3000, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"]`,
        'CMD ["node", "dist/server.js"]',
      ].join('\n'),
    );
  });

  it('uses yarn with its cache and the slim image for a Debian base', () => {
    const result = convertChecked(`FROM node:18
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build
RUN yarn test
EXPOSE 8080
CMD ["yarn", "start"]
`);
    expect(result.text).toContain('ARG NODE_VERSION=18\n');
    expect(stageText(result.text, 'deps')).toContain(
      'RUN --mount=type=cache,target=/usr/local/share/.cache/yarn \\\n    yarn install --frozen-lockfile',
    );
    expect(stageText(result.text, 'prod-deps')).toContain('yarn install --frozen-lockfile --production');
    expect(stageText(result.text, 'build')).toContain('RUN yarn build');
    expect(stageText(result.text, 'test')).toContain('RUN yarn test && touch /tmp/tests-passed');
    const runtime = stageText(result.text, 'runtime');
    expect(runtime.split('\n')[0]).toBe('FROM node:${NODE_VERSION}-slim AS runtime');
    expect(runtime).toContain('ENV NODE_ENV=production');
    expect(runtime).toContain('CMD ["yarn", "start"]');
    expect(result.notes.join('\n')).toContain('runtime copies dist/');
  });

  it('enables corepack for pnpm, keeps its pinned version and mounts its store', () => {
    const result = convertChecked(`FROM node:20-bookworm
RUN npm install -g pnpm@9.1.0
WORKDIR /srv
COPY package.json pnpm-lock.yaml ./
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build
CMD ["node", "build/index.js"]
`);
    expect(stageText(result.text, 'base')).toBe(
      [
        'FROM node:${NODE_VERSION}-bookworm AS base',
        'WORKDIR /srv',
        'ENV PNPM_HOME=/pnpm',
        'RUN corepack enable && corepack prepare pnpm@9.1.0 --activate',
      ].join('\n'),
    );
    expect(stageText(result.text, 'deps')).toContain(
      'RUN --mount=type=cache,id=pnpm,target=/pnpm/store \\\n    pnpm install --frozen-lockfile',
    );
    expect(stageText(result.text, 'prod-deps')).toContain('pnpm install --frozen-lockfile --prod');
    const runtime = stageText(result.text, 'runtime');
    expect(runtime.split('\n')[0]).toBe('FROM node:${NODE_VERSION}-bookworm-slim AS runtime');
    expect(runtime).toContain('COPY --from=build /srv/build ./build');
    expect(runtime).not.toContain('HEALTHCHECK');
  });

  it('mounts .yarnrc.yml for Yarn Berry instead of copying it into a layer', () => {
    const result = convertChecked(`FROM node:20
WORKDIR /app
COPY package.json yarn.lock .yarnrc.yml ./
RUN corepack enable && yarn install --immutable
COPY . .
RUN yarn build
CMD ["node", "dist/main.js"]
`);
    expect(stageText(result.text, 'base')).toContain('RUN corepack enable');
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM base AS deps',
        'COPY package.json yarn.lock ./',
        'RUN --mount=type=bind,source=.yarnrc.yml,target=/app/.yarnrc.yml \\',
        '    --mount=type=cache,target=/root/.yarn/berry/cache \\',
        '    yarn install --immutable',
      ].join('\n'),
    );
    expect(stageText(result.text, 'prod-deps')).toContain('    yarn workspaces focus --all --production');
  });

  it('copies the sources into the runtime when there is no build step', () => {
    const result = convertChecked(`FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install
COPY . .
EXPOSE 3000
CMD ["node", "index.js"]
`);
    expect(result.stages).toEqual(['base', 'deps', 'prod-deps', 'test', 'runtime']);
    expect(stageText(result.text, 'deps')).toContain('COPY package*.json ./');
    expect(stageText(result.text, 'test')).toBe(
      ['FROM deps AS test', 'COPY . .', 'RUN npm test && touch /tmp/tests-passed'].join('\n'),
    );
    expect(stageText(result.text, 'runtime')).toContain(
      ['COPY . .', 'COPY --from=prod-deps /app/node_modules ./node_modules'].join('\n'),
    );
  });

  it('leaves the test stage out on request', () => {
    const result = convertChecked(npmApp, { includeTest: false });
    expect(result.stages).toEqual(['base', 'deps', 'prod-deps', 'build', 'runtime']);
    expect(result.text).not.toContain('tests-passed');
  });

  it('keeps credentials out of the image and notes what it did not carry', () => {
    const result = convertChecked(`FROM node:20
WORKDIR /app
ENV API_TOKEN=abc123 LOG_LEVEL=info
COPY package*.json ./
RUN npm ci
COPY . .
RUN node scripts/prepare.js
CMD ["node", "server.js"]
`);
    expect(result.text).not.toContain('API_TOKEN');
    expect(stageText(result.text, 'runtime')).toContain('ENV NODE_ENV=production LOG_LEVEL=info');
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'Dockerfile:3: ENV API_TOKEN looks like a credential and was not copied into the image; pass it at run time or use a build secret.',
        'Dockerfile:7: `node scripts/prepare.js` was not carried over; add it to the stage where it belongs.',
      ]),
    );
  });
});
