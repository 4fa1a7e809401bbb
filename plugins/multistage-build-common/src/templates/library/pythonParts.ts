/* What the Python templates share: interpreter settings, the health probe, the .dockerignore. */
import type { CacheMount } from '../../convert/types';
import { aptInstall, copyTestMarker, dockerignore, healthTiming, jsonArray, stageComment } from '../dockerfileParts';
import type { TemplateStage, TemplateValues } from '../types';

/** pip's download cache as root in the official images. */
export const pipCache: CacheMount = { target: '/root/.cache/pip' };

/** No .pyc files next to the sources, unbuffered logs, no pip version nag. */
export const pythonEnv = 'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1';

/** A HEALTHCHECK command with the standard library only: the slim image has no curl. */
export function pythonProbe(port: number, path: string): string[] {
  return ['python', '-c', `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port}${path}', timeout=3)`];
}

export const pythonDockerignore = dockerignore(['**/__pycache__', '**/*.pyc', '.venv', 'venv', '.pytest_cache', '.mypy_cache', 'htmlcov', '.coverage']);

/** The runtime stage: the slim image, the environment from the deps stage and the package, probed over HTTP. */
export function pythonRuntimeLines(
  stages: TemplateStage[],
  v: TemplateValues,
  environment: { bin: string; copy: string },
): string[] {
  const port = v.port as number;
  const module = String(v.module);
  return [
    stageComment(stages, 'runtime'),
    'FROM ${PYTHON_RUNTIME_IMAGE} AS runtime',
    pythonEnv,
    `ENV PATH=${environment.bin}:$PATH`,
    'WORKDIR /app',
    ...aptInstall(v.systemPackages as string[]),
    copyTestMarker('test'),
    environment.copy,
    `COPY --from=build /app/${module} ./${module}`,
    'USER 10001:10001',
    `ENV PORT=${port}`,
    `EXPOSE ${port}`,
    `HEALTHCHECK ${healthTiming} CMD ${jsonArray(pythonProbe(port, String(v.healthPath)))}`,
    `CMD ${jsonArray(['python', '-m', module])}`,
  ];
}
