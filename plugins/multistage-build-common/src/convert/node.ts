/*
 * Node.js recipe (npm, yarn classic, yarn berry, pnpm):
 * base -> deps (all dependencies) -> build (the input's build scripts)
 * -> test, and prod-deps (production dependencies only) for the runtime,
 * which is the slim (or the input's Alpine) node image running as `node`.
 */
import { splitTag, isAlpine } from './baseImage';
import { argsForCommand } from './carriedSettings';
import { run, testRun } from './dockerfileText';
import { execFormOf } from './execForm';
import { mentions } from './readSingleStage';
import { runtimeStage } from './runtimeStage';
import { noteUncarriedCommands, toolchainSetup } from './toolchainSetup';
import type { BindMount, CacheMount, RecipeInput, RecipeOutcome, SourceCommand, StagePlan } from './types';

const defaultNodeVersion = '22';

interface PackageManager {
  name: 'npm' | 'yarn' | 'yarn-berry' | 'pnpm';
  manifests: string;
  install: string;
  installProduction: string;
  cache: CacheMount;
  /** Config the install reads but the image must not keep (it may hold registry tokens). */
  configMounts: BindMount[];
  defaultTest: string;
  setup: string[];
  env: { name: string; value: string }[];
}

const isNpmInstall = (w: string[]) =>
  w[0] === 'npm' && (w[1] === 'ci' || ((w[1] === 'install' || w[1] === 'i') && w.slice(2).every(a => a.startsWith('-'))));
const isYarnInstall = (w: string[]) => w[0] === 'yarn' && (w.length === 1 || w[1] === 'install' || w[1].startsWith('--'));
const isPnpmInstall = (w: string[]) => w[0] === 'pnpm' && (w[1] === 'install' || w[1] === 'i');
const isInstall = (c: SourceCommand) => isNpmInstall(c.words) || isYarnInstall(c.words) || isPnpmInstall(c.words);

/** Flags the converter decides itself: production-only and cache settings. */
const ownedFlag = /^(--production|--prod|--only=prod\w*|--omit=dev|--no-cache|--cache-folder.*|--frozen-lockfile|--immutable)$/;

function extraFlags(install: SourceCommand): string {
  const flags = install.words.filter(w => w.startsWith('-') && !ownedFlag.test(w) && w !== '-g');
  return flags.length > 0 ? ` ${flags.join(' ')}` : '';
}

/** The version from `npm i -g pnpm@9.1.0` or `corepack prepare pnpm@9.1.0`, if any. */
function pinnedTool(commands: SourceCommand[], tool: string): string | undefined {
  for (const { words } of commands) {
    const spec = words.find(w => w.startsWith(`${tool}@`));
    if (spec && (words[0] === 'npm' || words[0] === 'corepack')) return spec;
  }
  return undefined;
}

function packageManagerOf(input: RecipeInput, install: SourceCommand): PackageManager {
  const { facts } = input;
  const flags = extraFlags(install);
  if (install.words[0] === 'pnpm') {
    const pinned = pinnedTool(facts.commands, 'pnpm');
    return {
      name: 'pnpm',
      manifests: 'package.json pnpm-lock.yaml',
      install: `pnpm install --frozen-lockfile${flags}`,
      installProduction: `pnpm install --frozen-lockfile --prod${flags}`,
      cache: { id: 'pnpm', target: '/pnpm/store' },
      configMounts: [],
      defaultTest: 'pnpm test',
      setup: [run(pinned ? `corepack enable && corepack prepare ${pinned} --activate` : 'corepack enable')],
      env: [{ name: 'PNPM_HOME', value: '/pnpm' }],
    };
  }
  if (install.words[0] === 'yarn' && (install.words.includes('--immutable') || mentions(facts, /\.yarnrc\.yml/))) {
    return {
      name: 'yarn-berry',
      manifests: 'package.json yarn.lock',
      configMounts: mentions(facts, /\.yarnrc\.yml/)
        ? [{ type: 'bind', source: '.yarnrc.yml', target: `${facts.workdir}/.yarnrc.yml` }]
        : [],
      install: `yarn install --immutable${flags}`,
      installProduction: 'yarn workspaces focus --all --production',
      cache: { target: '/root/.yarn/berry/cache' },
      defaultTest: 'yarn test',
      setup: [run('corepack enable')],
      env: [],
    };
  }
  if (install.words[0] === 'yarn') {
    return {
      name: 'yarn',
      manifests: 'package.json yarn.lock',
      install: `yarn install --frozen-lockfile${flags}`,
      installProduction: `yarn install --frozen-lockfile --production${flags}`,
      cache: { target: '/usr/local/share/.cache/yarn' },
      configMounts: [],
      defaultTest: 'yarn test',
      setup: [],
      env: [],
    };
  }
  const ci = install.words[1] === 'ci';
  return {
    name: 'npm',
    manifests: ci ? 'package.json package-lock.json' : 'package*.json',
    install: `npm ${ci ? 'ci' : 'install'}${flags}`,
    installProduction: `npm ${ci ? 'ci' : 'install'} --omit=dev${flags}`,
    cache: { target: '/root/.npm' },
    configMounts: [],
    defaultTest: 'npm test',
    setup: [],
    env: [],
  };
}

const runners = ['npm', 'yarn', 'pnpm', 'npx'];
const lifecycle = /^(install|i|ci|add|start|test|t|dev|serve|cache|config|prune|audit)$/;

function scriptOf(words: string[]): string | undefined {
  if (!runners.includes(words[0])) return undefined;
  if (words[0] === 'npx') return words[1];
  return words[1] === 'run' || words[1] === 'run-script' ? words[2] : words[1];
}

const isTest = (c: SourceCommand) => /^test/.test(scriptOf(c.words) ?? '') || (c.words[0] === 'npm' && c.words[1] === 't');
const isBuild = (c: SourceCommand) => {
  const script = scriptOf(c.words);
  return script !== undefined && !script.startsWith('-') && !lifecycle.test(script) && !isTest(c);
};

/** The directory the build writes, read from the CMD's script path (`node dist/server.js`). */
function buildOutput(input: RecipeInput, notes: string[]): string {
  const { facts } = input;
  const command = facts.entrypoint ?? facts.cmd;
  const words = command ? execFormOf(command).words : [];
  const script = words[0] === 'node' ? words.slice(1).find(w => !w.startsWith('-')) : undefined;
  const first = script?.replace(/^\.\//, '').split('/');
  if (first && first.length > 1 && first[0] !== 'node_modules') return first[0];
  notes.push(`Could not tell the build output directory from the CMD; the runtime copies dist/. Change it if the build writes elsewhere.`);
  return 'dist';
}

/** Converts a Node.js Dockerfile. */
export function convertNode(input: RecipeInput): RecipeOutcome {
  const { facts, includeTest } = input;
  const install = facts.commands.find(isInstall);
  if (!install) {
    return {
      ok: false,
      reason: `${facts.path}:${facts.image.line}: base image ${facts.image.text} is Node.js, but no RUN installs the dependencies; expected npm ci, npm install, yarn install or pnpm install`,
    };
  }
  const notes: string[] = [];
  const manager = packageManagerOf(input, install);
  const { version, variant } = splitTag(facts, defaultNodeVersion, notes);
  const image = `${facts.image.repository}:\${NODE_VERSION}${variant}`;
  const runtimeVariant = isAlpine(variant) || /slim/.test(variant) ? variant : `${variant}-slim`;
  const builds = facts.commands.filter(isBuild);
  const tests = facts.commands.filter(isTest);
  const workdir = facts.workdir;
  const installRun = (command: string) => run(command, [...manager.configMounts, manager.cache]);

  const stages: StagePlan[] = [
    {
      name: 'base',
      from: image,
      instructions: [...toolchainSetup({ facts, notes, env: manager.env }), ...manager.setup],
    },
    { name: 'deps', from: 'base', instructions: [`COPY ${manager.manifests} ./`, installRun(manager.install)] },
    {
      name: 'prod-deps',
      from: 'base',
      instructions: [`COPY ${manager.manifests} ./`, installRun(manager.installProduction)],
    },
  ];
  if (builds.length > 0) {
    const script = builds.map(b => b.text).join(' \\\n    && ');
    stages.push({ name: 'build', from: 'deps', instructions: ['COPY . .', ...argsForCommand(facts, script), run(script)] });
  }
  if (includeTest) {
    const command = tests.length > 0 ? tests.map(t => t.text).join(' && ') : manager.defaultTest;
    stages.push({
      name: 'test',
      from: builds.length > 0 ? 'build' : 'deps',
      instructions: [...(builds.length > 0 ? [] : ['COPY . .']), testRun(command)],
    });
  }
  const output = builds.length > 0 ? buildOutput(input, notes) : null;
  const copies = output
    ? [
        `COPY --from=prod-deps ${workdir}/node_modules ./node_modules`,
        `COPY --from=build ${workdir}/${output} ./${output}`,
        'COPY package.json ./',
      ]
    : ['COPY . .', `COPY --from=prod-deps ${workdir}/node_modules ./node_modules`];
  stages.push(
    runtimeStage({
      facts,
      image: `${facts.image.repository}:\${NODE_VERSION}${runtimeVariant}`,
      copies,
      env: facts.env.some(e => e.name === 'NODE_ENV') ? [] : [{ name: 'NODE_ENV', value: 'production' }],
      isBuildSetting: name => /^(NPM_CONFIG_\w+|YARN_\w+|PNPM_\w+|COREPACK_\w+)$/i.test(name),
      user: 'node',
      probe: 'node',
      testStage: includeTest ? 'test' : null,
      notes,
    }),
  );
  notes.unshift(`Package manager: ${manager.name}; ${builds.length > 0 ? `build: ${builds.map(b => `\`${b.text}\``).join(', ')}` : 'no build step, the runtime copies the sources'}.`);
  if (manager.name === 'yarn-berry') {
    notes.push('Yarn Berry: the runtime copies node_modules, so the project needs `nodeLinker: node-modules` (Plug\'n\'Play keeps no node_modules).');
  }
  if (builds.length === 0) notes.push('The runtime stage copies the build context; keep node_modules and secrets out of it with a .dockerignore.');
  noteUncarriedCommands(facts, c => isInstall(c) || isBuild(c) || isTest(c) || c.words[0] === 'corepack' || (c.words[0] === 'npm' && c.words.includes('-g')), notes);
  return {
    ok: true,
    plan: { language: 'node', globalArgs: [{ name: 'NODE_VERSION', value: version }], stages, notes },
  };
}
