/* What the Python templates share: interpreter settings, the health probe, the .dockerignore. */
import { dockerignore } from '../dockerfileParts';

/** No .pyc files next to the sources, unbuffered logs, no pip version nag. */
export const pythonEnv = 'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1';

/** A HEALTHCHECK command with the standard library only: the slim image has no curl. */
export function pythonProbe(port: number, path: string): string[] {
  return ['python', '-c', `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port}${path}', timeout=3)`];
}

export const pythonDockerignore = dockerignore(['**/__pycache__', '**/*.pyc', '.venv', 'venv', '.pytest_cache', '.mypy_cache', 'htmlcov', '.coverage']);
