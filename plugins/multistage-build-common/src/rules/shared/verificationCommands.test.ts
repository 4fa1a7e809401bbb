import { verificationKind } from './verificationCommands';

const kind = (command: string) => verificationKind(command.split(' '));

describe('verificationKind', () => {
  it.each([
    ['npm test', 'test'],
    ['npm run test:unit', 'test'],
    ['yarn lint', 'lint'],
    ['pnpm run build', 'build'],
    ['npm audit --audit-level=high', 'audit'],
    ['CI=true npx jest --ci', 'test'],
    ['poetry run pytest -q', 'test'],
    ['python -m pytest', 'test'],
    ['go test ./...', 'test'],
    ['go vet ./...', 'lint'],
    ['cargo clippy -- -D warnings', 'lint'],
    ['./gradlew check', 'test'],
    ['mvn -B verify', 'test'],
    ['make', 'build'],
    ['make lint', 'lint'],
    ['trivy fs --exit-code 1 /', 'scan'],
    ['./node_modules/.bin/eslint .', 'lint'],
    ['sudo env X=1 golangci-lint run', 'lint'],
  ])('%s is a %s command', (command, expected) => {
    expect(kind(command)).toBe(expected);
  });

  it.each(['apt-get install -y curl', 'npm ci', 'echo test', 'make install-deps', 'X=1', 'rm -rf /tmp/test'])(
    '%s is not a check',
    command => {
      expect(kind(command)).toBeNull();
    },
  );
});
