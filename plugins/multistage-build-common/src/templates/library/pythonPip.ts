/*
 * Python with pip: a virtual environment built in its own stage from
 * requirements.txt (pip's cache mounted), bytecode compiled in the build
 * stage, tests with the dev requirements on top, and a slim runtime that gets
 * the environment and the package only.
 */
import { dockerfileText, header, jsonArray, run, stageComment, testRun } from '../dockerfileParts';
import { healthPathParameter, portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateParameter, TemplateStage, TemplateValues } from '../types';
import { pipCache, pythonDockerignore, pythonEnv, pythonRuntimeLines } from './pythonParts';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'a virtual environment with requirements.txt installed; cached until that file changes.' },
  { name: 'build', description: 'the package, compiled to bytecode.' },
  { name: 'test', description: 'the dev requirements and the test suite; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: the dev requirements and the service run from the sources.', optional: true },
  { name: 'runtime', description: 'the slim Python image with the environment and the package, as a non-root user.' },
];

export const pythonModuleParameter: TemplateParameter = {
  name: 'module',
  title: 'Package',
  description: 'The Python package of the service; the image runs `python -m <package>`.',
  type: 'string',
  default: 'service',
  pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
  patternDescription: 'a Python package name such as service',
  describesProject: true,
};

const baseImages = (v: TemplateValues) => ({
  PYTHON_IMAGE: `python:${v.pythonVersion}-bookworm`,
  PYTHON_RUNTIME_IMAGE: `python:${v.pythonVersion}-slim-bookworm`,
});

export const pythonPipTemplate: ServiceTemplate = {
  id: 'python-pip',
  title: 'Python service (pip)',
  language: 'python',
  buildTool: 'pip',
  description: 'A Python service with requirements.txt and requirements-dev.txt, tested with python -m unittest or pytest.',
  compiled: false,
  parameters: [
    versionParameter({ name: 'pythonVersion', title: 'Python version', description: 'The official python image tag to build and run on.', default: '3.12.8', minimumVersion: '3.9' }),
    pythonModuleParameter,
    portParameter(8000),
    healthPathParameter,
    {
      name: 'testCommand',
      title: 'Test runner',
      description: 'How the test stage runs the tests in tests/.',
      type: 'string',
      default: 'unittest',
      pattern: /^(unittest|pytest)$/,
      patternDescription: 'unittest or pytest',
      describesProject: true,
    },
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const port = v.port as number;
    const module = String(v.module);
    const tests = v.testCommand === 'pytest' ? 'python -m pytest -q tests' : 'python -m unittest discover -s tests -t .';
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG PYTHON_IMAGE=${images.PYTHON_IMAGE}`, `ARG PYTHON_RUNTIME_IMAGE=${images.PYTHON_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'deps'),
        'FROM ${PYTHON_IMAGE} AS deps',
        pythonEnv,
        'RUN python3 -m venv /opt/venv',
        'ENV PATH=/opt/venv/bin:$PATH',
        'WORKDIR /app',
        'COPY requirements.txt ./',
        run('pip install -r requirements.txt', [pipCache]),
      ],
      [stageComment(stages, 'build'), 'FROM deps AS build', `COPY ${module} ./${module}`, `RUN python -m compileall -q ${module}`],
      [
        stageComment(stages, 'test'),
        'FROM build AS test',
        'COPY requirements-dev.txt ./',
        run('pip install -r requirements-dev.txt', [pipCache]),
        'COPY tests ./tests',
        testRun(tests),
      ],
      [
        stageComment(stages, 'dev'),
        'FROM test AS dev',
        'USER 10001:10001',
        `ENV PORT=${port}`,
        `EXPOSE ${port}`,
        `CMD ${jsonArray(['python', '-m', module])}`,
      ],
      pythonRuntimeLines(stages, v, { bin: '/opt/venv/bin', copy: 'COPY --from=deps /opt/venv /opt/venv' }),
    ]);
    return { dockerfile, dockerignore: pythonDockerignore };
  },
};
