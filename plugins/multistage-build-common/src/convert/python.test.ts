import { convertChecked, stageText } from './__testUtils__/convertChecked';

describe('convertToMultiStage: Python', () => {
  it('builds a venv from requirements.txt and runs it on the slim image as uid 10001', () => {
    const result = convertChecked(`FROM python:3.12
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD gunicorn app:app -b 0.0.0.0:8000
`);
    expect(result.language).toBe('python');
    expect(result.stages).toEqual(['deps', 'test', 'runtime']);
    expect(result.text).toContain('ARG PYTHON_VERSION=3.12\n');
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM python:${PYTHON_VERSION} AS deps',
        'WORKDIR /app',
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
        '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
        '    rm -f /etc/apt/apt.conf.d/docker-clean \\',
        '    && apt-get update \\',
        '    && apt-get install -y --no-install-recommends gcc libpq-dev',
        'RUN python -m venv /opt/venv',
        'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'COPY requirements.txt ./',
        'RUN --mount=type=cache,target=/root/.cache/pip \\',
        '    pip install -r requirements.txt',
      ].join('\n'),
    );
    expect(stageText(result.text, 'test')).toBe(
      [
        'FROM deps AS test',
        'RUN --mount=type=cache,target=/root/.cache/pip \\',
        '    pip install pytest',
        'COPY . .',
        'RUN python -m pytest && touch /tmp/tests-passed',
      ].join('\n'),
    );
    expect(stageText(result.text, 'runtime')).toBe(
      [
        'FROM python:${PYTHON_VERSION}-slim AS runtime',
        'WORKDIR /app',
        'COPY --from=test /tmp/tests-passed /tmp/tests-passed',
        'COPY --from=deps /opt/venv /opt/venv',
        'COPY . .',
        'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PYTHONUNBUFFERED=1',
        'EXPOSE 8000',
        'USER 10001:10001',
        'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\',
        `    CMD ["python", "-c", "import socket; socket.create_connection(('127.0.0.1', 8000), timeout=3).close()"]`,
        'CMD ["gunicorn", "app:app", "-b", "0.0.0.0:8000"]',
      ].join('\n'),
    );
    expect(result.notes).toContain('Dockerfile:3: ENV PIP_NO_CACHE_DIR was left out: it would bypass the cache mount.');
  });

  it('installs dev requirements and the input\'s test command in the test stage only', () => {
    const result = convertChecked(`FROM python:3.11-slim-bookworm
WORKDIR /srv
COPY requirements/base.txt requirements/dev.txt requirements/
RUN pip install -r requirements/base.txt -r requirements/dev.txt
COPY . .
RUN pytest -q
CMD ["python", "-m", "app"]
`);
    expect(result.text).toContain('FROM python:${PYTHON_VERSION}-slim-bookworm AS deps');
    expect(stageText(result.text, 'deps')).toContain(
      'COPY requirements/base.txt requirements/base.txt\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install -r requirements/base.txt',
    );
    expect(stageText(result.text, 'test')).toBe(
      [
        'FROM deps AS test',
        'COPY requirements/dev.txt requirements/dev.txt',
        'RUN --mount=type=cache,target=/root/.cache/pip \\',
        '    pip install -r requirements/dev.txt',
        'COPY . .',
        'RUN pytest -q && touch /tmp/tests-passed',
      ].join('\n'),
    );
    expect(stageText(result.text, 'runtime').split('\n')[0]).toBe('FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime');
  });

  it('installs Poetry outside the venv and the main group only for the runtime', () => {
    const result = convertChecked(`FROM python:3.12-alpine
WORKDIR /app
RUN pip install poetry==1.8.3
COPY pyproject.toml poetry.lock ./
RUN poetry config virtualenvs.create false && poetry install --no-interaction
COPY . .
EXPOSE 5000
CMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]
`);
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM python:${PYTHON_VERSION}-alpine AS deps',
        'WORKDIR /app',
        'ENV POETRY_VIRTUALENVS_CREATE=false',
        'RUN --mount=type=cache,target=/root/.cache/pip \\',
        '    pip install poetry==1.8.3',
        'RUN python -m venv /opt/venv',
        'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'COPY pyproject.toml poetry.lock ./',
        'RUN --mount=type=cache,target=/root/.cache/pypoetry \\',
        '    poetry install --only main --no-root --no-interaction',
      ].join('\n'),
    );
    expect(stageText(result.text, 'test')).toContain('    poetry install --no-root --no-interaction\nCOPY . .');
    const runtime = stageText(result.text, 'runtime');
    expect(runtime.split('\n')[0]).toBe('FROM python:${PYTHON_VERSION}-alpine AS runtime');
    expect(runtime).toContain('USER 10001:10001');
    expect(runtime).toContain('CMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]');
  });
});
