/*
 * Python recipe (pip with requirements files, Poetry): deps builds a virtual
 * environment in /opt/venv from the manifests alone; test adds the dev
 * dependencies and runs the tests; the runtime is the slim (or the input's
 * Alpine) python image with the venv and the sources, running as uid 10001.
 * Python compiles nothing, so there is no separate build stage.
 */
import { isAlpine, splitTag } from './baseImage';
import { argsForCommand } from './carriedSettings';
import { envInstruction, run, testRun } from './dockerfileText';
import { mentions } from './readSingleStage';
import { runtimeStage } from './runtimeStage';
import { noteUncarriedCommands, toolchainSetup } from './toolchainSetup';
import type { CacheMount, RecipeInput, RecipeOutcome, SourceCommand, StagePlan } from './types';

const defaultPythonVersion = '3.12';
const venv = '/opt/venv';
const venvEnv = [
  { name: 'VIRTUAL_ENV', value: venv },
  // Spelled out rather than `$PATH`: the value the python images set, venv first.
  { name: 'PATH', value: `${venv}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
];
const pipCache: CacheMount = { target: '/root/.cache/pip' };
const poetryCache: CacheMount = { target: '/root/.cache/pypoetry' };

const isPip = (w: string[]) =>
  (w[0] === 'pip' || w[0] === 'pip3') || (/^python3?(\.\d+)?$/.test(w[0]) && w[1] === '-m' && w[2] === 'pip');
const pipArgs = (w: string[]) => (w[0].startsWith('python') ? w.slice(3) : w.slice(1));
const isPoetryInstall = (c: SourceCommand) => c.words[0] === 'poetry' && c.words[1] === 'install';
const isTest = (c: SourceCommand) =>
  c.words[0] === 'pytest' || (/^python3?$/.test(c.words[0]) && c.words[1] === '-m' && ['pytest', 'unittest'].includes(c.words[2]));

/** The requirements files of `pip install -r a.txt -r b.txt`. */
function requirementFiles(commands: SourceCommand[]): string[] {
  const files: string[] = [];
  for (const { words } of commands.filter(c => isPip(c.words))) {
    const args = pipArgs(words);
    if (args[0] !== 'install') continue;
    args.forEach((arg, i) => {
      if ((arg === '-r' || arg === '--requirement') && args[i + 1]) files.push(args[i + 1]);
      else if (arg.startsWith('--requirement=')) files.push(arg.slice('--requirement='.length));
      else if (arg.startsWith('-r') && arg.length > 2) files.push(arg.slice(2));
    });
  }
  return [...new Set(files)];
}

const isDevRequirements = (file: string) => /(dev|test)/i.test(file);

/** COPY lines that put each requirements file where `pip install -r` looks for it. */
function copyRequirements(files: string[]): string[] {
  const flat = files.filter(f => !f.includes('/'));
  return [
    ...(flat.length > 0 ? [`COPY ${flat.join(' ')} ./`] : []),
    ...files.filter(f => f.includes('/')).map(f => `COPY ${f} ${f}`),
  ];
}

/** `poetry==1.8.3` from the input's `pip install poetry==1.8.3`, or plain `poetry`. */
function poetrySpec(commands: SourceCommand[]): string {
  for (const { words } of commands.filter(c => isPip(c.words))) {
    const spec = pipArgs(words).find(w => /^poetry([=<>~!]|$)/.test(w));
    if (spec) return spec;
  }
  return 'poetry';
}

/** What the test stage installs before the sources: dev dependencies, or pytest when none are named. */
function devInstallLines(options: { poetry: boolean; devFiles: string[]; tests: SourceCommand[] }): string[] {
  if (options.poetry) return [run('poetry install --no-root --no-interaction', [poetryCache])];
  if (options.devFiles.length > 0) {
    const flags = options.devFiles.map(f => `-r ${f}`).join(' ');
    return [...copyRequirements(options.devFiles), run(`pip install ${flags}`, [pipCache])];
  }
  // unittest ships with Python; anything else is run through pytest.
  return options.tests.some(t => t.text.includes('unittest')) ? [] : [run('pip install pytest', [pipCache])];
}

/** Converts a Python Dockerfile. */
export function convertPython(input: RecipeInput): RecipeOutcome {
  const { facts, includeTest } = input;
  const requirements = requirementFiles(facts.commands);
  const poetry = facts.commands.some(isPoetryInstall);
  if (requirements.length === 0 && !poetry) {
    return {
      ok: false,
      reason: `${facts.path}:${facts.image.line}: base image ${facts.image.text} is Python, but no RUN installs dependencies from a manifest; expected pip install -r requirements.txt or poetry install`,
    };
  }
  const notes: string[] = [];
  const { version, variant } = splitTag(facts, defaultPythonVersion, notes);
  const runtimeVariant = isAlpine(variant) || /slim/.test(variant) ? variant : `-slim${variant}`;
  const mainFiles = requirements.filter(f => !isDevRequirements(f));
  const devFiles = requirements.filter(isDevRequirements);
  const tests = facts.commands.filter(isTest);
  const testCommand = tests.length > 0 ? tests.map(t => t.text).join(' && ') : 'python -m pytest';

  const deps: string[] = [
    ...toolchainSetup({ facts, notes, env: poetry ? [{ name: 'POETRY_VIRTUALENVS_CREATE', value: 'false' }] : [] }),
  ];
  // Poetry goes into the system interpreter, so it stays out of the venv the runtime copies.
  if (poetry) deps.push(run(`pip install ${poetrySpec(facts.commands)}`, [pipCache]));
  deps.push(run(`python -m venv ${venv}`), envInstruction(venvEnv));
  if (poetry) {
    deps.push(`COPY pyproject.toml ${mentions(facts, /poetry\.lock/) ? 'poetry.lock' : 'poetry.lock*'} ./`, run('poetry install --only main --no-root --no-interaction', [poetryCache]));
  } else if (mainFiles.length > 0) {
    deps.push(...copyRequirements(mainFiles), run(`pip install ${mainFiles.map(f => `-r ${f}`).join(' ')}`, [pipCache]));
  }
  const stages: StagePlan[] = [
    { name: 'deps', from: `${facts.image.repository}:\${PYTHON_VERSION}${variant}`, instructions: deps },
  ];

  if (includeTest) {
    const devInstall = devInstallLines({ poetry, devFiles, tests });
    stages.push({
      name: 'test',
      from: 'deps',
      instructions: [...devInstall, 'COPY . .', ...argsForCommand(facts, testCommand), testRun(testCommand)],
    });
    if (!poetry && devFiles.length === 0 && tests.length === 0) {
      notes.push('The test stage installs pytest and runs `python -m pytest`; list test dependencies in requirements-dev.txt to control them.');
    }
  }

  stages.push(
    runtimeStage({
      facts,
      image: `${facts.image.repository}:\${PYTHON_VERSION}${runtimeVariant}`,
      copies: [`COPY --from=deps ${venv} ${venv}`, 'COPY . .'],
      env: venvEnv,
      isBuildSetting: name => /^(PIP_\w+|POETRY_\w+)$/i.test(name),
      user: '10001:10001',
      probe: 'python',
      testStage: includeTest ? 'test' : null,
      notes,
    }),
  );
  notes.unshift(
    poetry
      ? 'Package manager: poetry; dependencies install into /opt/venv.'
      : `Package manager: pip (${mainFiles.join(', ') || 'no runtime requirements'}); dependencies install into /opt/venv.`,
  );
  notes.push('The runtime stage copies the build context; keep virtualenvs, caches and secrets out of it with a .dockerignore.');
  noteUncarriedCommands(facts, c => isPip(c.words) || isPoetryInstall(c) || isTest(c) || c.words[0] === 'poetry', notes);
  return {
    ok: true,
    plan: { language: 'python', globalArgs: [{ name: 'PYTHON_VERSION', value: version }], stages, notes },
  };
}
