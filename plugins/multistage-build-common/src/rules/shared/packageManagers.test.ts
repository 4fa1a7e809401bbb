import { shellCommands } from '../../shell/shellCommands';
import { parseDockerfile } from '../../parser/parseDockerfile';
import {
  cacheMountTargets, installsDevDependencies, normalizePath, packageCommand, packageCommandsIn, pathsOverlap, removedPaths,
} from './packageManagers';

const summary = (script: string) =>
  packageCommandsIn(shellCommands(script)).map(pc => [pc.manager, pc.action, pc.operands.join(' '), pc.bypassesCache]);

describe('packageManagers', () => {
  it('recognises installs across managers, through prefixes and python -m pip', () => {
    expect(summary('DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confnew curl')).toEqual([
      ['apt', 'install', 'curl', false],
    ]);
    expect(summary('sudo npm ci && yarn && pnpm add -D vite && python3 -m pip install --no-cache-dir flask')).toEqual([
      ['npm', 'install', '', false],
      ['yarn', 'install', '', false],
      ['pnpm', 'install', 'vite', false],
      ['pip', 'install', 'flask', true],
    ]);
    expect(summary('apk add --no-cache --virtual .deps gcc; uv pip install x; poetry install --only main')).toEqual([
      ['apk', 'install', 'gcc', true],
      ['uv', 'install', 'x', false],
      ['poetry', 'install', '', false],
    ]);
  });

  it('tells builds, downloads and cache clean-ups apart', () => {
    expect(summary('go mod download && go build -o /app . && ./mvnw -B package && gradle dependencies && dotnet restore')).toEqual([
      ['go', 'install', '', false],
      ['go', 'build', '.', false],
      ['maven', 'build', 'package', false],
      ['gradle', 'install', 'dependencies', false],
      ['dotnet', 'install', '', false],
    ]);
    expect(summary('npm cache clean --force; pip cache purge; apt-get clean; go clean -modcache; go clean')).toEqual([
      ['npm', 'cacheClean', '', false],
      ['pip', 'cacheClean', '', false],
      ['apt', 'cacheClean', '', false],
      ['go', 'cacheClean', '', false],
    ]);
    expect(summary('npm run lint && echo npm ci && cargo fetch')).toEqual([['cargo', 'install', '', false]]);
  });

  it('does not take version and help requests, or a bare pnpm, for commands', () => {
    expect(summary('pnpm --version; pnpm -v; pnpm; yarn --version; yarn -v; yarn -h; yarn --help; npm install --help; mvn -v; gradle --version')).toEqual([]);
    expect(summary('yarn; pip install -v flask; go get -v ./...')).toEqual([
      ['yarn', 'install', '', false],
      ['pip', 'install', 'flask', false],
      ['go', 'install', './...', false],
    ]);
  });

  it('tells download-only and offline commands', () => {
    const kinds = (script: string) =>
      packageCommandsIn(shellCommands(script)).map(pc => [pc.command.words.join(' '), pc.fetchOnly, pc.offline, pc.cacheDirs]);
    expect(kinds('go mod download; pnpm fetch; yarn fetch; cargo fetch; dotnet restore; mvn dependency:go-offline; gradle dependencies; apt-get update')
      .every(([, fetchOnly, offline]) => fetchOnly && !offline)).toBe(true);
    expect(kinds('npm ci; go build .; mvn package; apt-get install -y x').every(([, fetchOnly]) => !fetchOnly)).toBe(true);
    expect(kinds('mvn -o package; pnpm install --offline; dotnet publish --no-restore; cargo build --frozen; pip install --no-index x')).toEqual([
      ['mvn -o package', false, true, []],
      ['pnpm install --offline', false, true, []],
      ['dotnet publish --no-restore', false, true, []],
      ['cargo build --frozen', false, true, []],
      ['pip install --no-index x', false, true, []],
    ]);
    expect(kinds('GOFLAGS=-mod=mod GOPROXY=off go build .; go build -mod=vendor .')).toEqual([
      ['GOFLAGS=-mod=mod GOPROXY=off go build .', false, true, ['/root/.cache/go-build']],
      ['go build -mod=vendor .', false, true, ['/root/.cache/go-build']],
    ]);
  });

  it('gives the cache directories each command fills', () => {
    const [update, install] = packageCommandsIn(shellCommands('apt-get update && apt-get install -y x'));
    expect(update.cacheDirs).toEqual(['/var/lib/apt']);
    expect(install.cacheDirs).toEqual(['/var/cache/apt', '/var/lib/apt']);
    expect(packageCommand(shellCommands('go build ./...')[0])?.cacheDirs).toEqual(['/go/pkg/mod', '/root/.cache/go-build']);
    // Only the repository: /root/.m2 also holds settings.xml.
    expect(packageCommand(shellCommands('mvn -B package')[0])?.cacheDirs).toEqual(['/root/.m2/repository']);
  });

  it('knows which installs bring dev dependencies', () => {
    const dev = (script: string, production = false) =>
      installsDevDependencies(packageCommand(shellCommands(script)[0])!, { nodeEnvProduction: production });
    expect(dev('npm ci')).toBe(true);
    expect(dev('npm ci --omit=dev')).toBe(false);
    expect(dev('npm ci', true)).toBe(false);
    expect(dev('npm install -g pm2')).toBe(false);
    expect(dev('yarn install --production')).toBe(false);
    expect(dev('poetry install')).toBe(true);
    expect(dev('pip install -r requirements-dev.txt')).toBe(true);
    expect(dev('pip install -r requirements.txt')).toBe(false);
  });

  it('normalises and compares paths', () => {
    expect(normalizePath('~/.npm/')).toBe('/root/.npm');
    expect(normalizePath('/var/lib/apt/lists/*')).toBe('/var/lib/apt/lists');
    expect(normalizePath('/')).toBe('/');
    expect(pathsOverlap('/var/lib/apt/lists/*', '/var/lib/apt')).toBe(true);
    expect(pathsOverlap('/root/.cache', '/root/.cache/pip')).toBe(true);
    expect(pathsOverlap('/root/.npm', '/root/.npmrc')).toBe(false);
    expect(removedPaths(shellCommands('rm -rf $HOME/.cache /tmp/*')[0])).toEqual(['/root/.cache', '/tmp']);
    expect(removedPaths(shellCommands('echo rm')[0])).toEqual([]);
  });

  it('reads cache mount targets', () => {
    const [, run] = parseDockerfile(
      'FROM x\nRUN --mount=type=cache,target=/root/.npm/ --mount=type=bind,target=/src --mount=type=cache,dst=/go/pkg/mod true',
    ).instructions;
    expect(cacheMountTargets(run)).toEqual(['/root/.npm', '/go/pkg/mod']);
  });
});
