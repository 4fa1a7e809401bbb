/*
 * Python with Poetry: Poetry in a virtual environment of its own, the
 * project's main dependencies in an in-project environment (cached until
 * pyproject.toml or poetry.lock changes), the dev group and the tests on top,
 * and a slim runtime that gets the main environment and the package only.
 */
import { dockerfileText, header, jsonArray, run, stageComment, testRun } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { healthPathParameter, portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage, TemplateValues } from '../types';
import { pythonModuleParameter } from './pythonPip';
import { pipCache, pythonDockerignore, pythonEnv, pythonRuntimeLines } from './pythonParts';

const stages: TemplateStage[] = [
  { name: 'poetry', description: 'Python with Poetry at the pinned version, in /opt/poetry.' },
  { name: 'deps', description: 'the main dependency group in /app/.venv; cached until pyproject.toml or poetry.lock changes.' },
  { name: 'build', description: 'the package, compiled to bytecode.' },
  { name: 'test', description: 'the dev group and pytest; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: every group and the service run from the sources.', optional: true },
  { name: 'runtime', description: 'the slim Python image with the main environment and the package, as a non-root user.' },
];

const caches: CacheMount[] = [{ target: '/root/.cache/pypoetry' }, pipCache];

const baseImages = (v: TemplateValues) => ({
  PYTHON_IMAGE: `python:${v.pythonVersion}-bookworm`,
  PYTHON_RUNTIME_IMAGE: `python:${v.pythonVersion}-slim-bookworm`,
});

export const pythonPoetryTemplate: ServiceTemplate = {
  id: 'python-poetry',
  title: 'Python service (Poetry)',
  language: 'python',
  buildTool: 'poetry',
  description: 'A Poetry project (pyproject.toml and poetry.lock) with a dev group for pytest.',
  compiled: false,
  parameters: [
    versionParameter({ name: 'pythonVersion', title: 'Python version', description: 'The official python image tag to build and run on.', default: '3.12.8', minimumVersion: '3.9' }),
    versionParameter({ name: 'poetryVersion', title: 'Poetry version', description: 'The Poetry release to install with (1.2 brought --only).', default: '1.8.5', minimumVersion: '1.2' }),
    pythonModuleParameter,
    portParameter(8000),
    healthPathParameter,
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const port = v.port as number;
    const module = String(v.module);
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG PYTHON_IMAGE=${images.PYTHON_IMAGE}`, `ARG PYTHON_RUNTIME_IMAGE=${images.PYTHON_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'poetry'),
        'FROM ${PYTHON_IMAGE} AS poetry',
        pythonEnv,
        'ENV POETRY_NO_INTERACTION=1 POETRY_VIRTUALENVS_IN_PROJECT=1',
        run(`python3 -m venv /opt/poetry && /opt/poetry/bin/pip install poetry==${v.poetryVersion}`, caches),
      ],
      [
        stageComment(stages, 'deps'),
        'FROM poetry AS deps',
        'WORKDIR /app',
        'COPY pyproject.toml poetry.lock ./',
        run('/opt/poetry/bin/poetry install --only main --no-root', caches),
      ],
      [stageComment(stages, 'build'), 'FROM deps AS build', `COPY ${module} ./${module}`, `RUN .venv/bin/python -m compileall -q ${module}`],
      [
        stageComment(stages, 'test'),
        'FROM build AS test',
        run('/opt/poetry/bin/poetry install --no-root', caches),
        'COPY tests ./tests',
        testRun('.venv/bin/python -m pytest -q tests'),
      ],
      [stageComment(stages, 'dev'), 'FROM test AS dev', 'USER 10001:10001', `EXPOSE ${port}`, `CMD ${jsonArray(['.venv/bin/python', '-m', module])}`],
      pythonRuntimeLines(stages, v, { bin: '/app/.venv/bin', copy: 'COPY --from=deps /app/.venv ./.venv' }),
    ]);
    return { dockerfile, dockerignore: pythonDockerignore };
  },
};
