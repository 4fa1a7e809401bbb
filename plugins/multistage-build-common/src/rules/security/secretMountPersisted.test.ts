import { secretMountPersisted as rule } from './secretMountPersisted';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const file = (lines: string[]) => ['FROM node:22-slim', 'WORKDIR /app', ...lines].join('\n');

describe(rule.id, () => {
  it('fires on cat, cp, install and tee of the secret file into the filesystem', () => {
    const text = file([
      'RUN --mount=type=secret,id=npm cat /run/secrets/npm > ~/.npmrc && npm ci',
      'RUN --mount=type=secret,id=key,target=/keys/deploy cp /keys/deploy /root/.ssh/id_ed25519 && git clone x',
      'RUN --mount=type=secret,id=pip install -m 600 /run/secrets/pip /etc/pip.conf',
      'RUN --mount=type=secret,id=aws cat /run/secrets/aws | tee -a .aws-credentials >/dev/null',
    ]);
    expectFindings(rule, text, [
      { line: 3, stage: 0, data: { id: 'npm', destination: '~/.npmrc' } },
      { line: 4, data: { id: 'key', destination: '/root/.ssh/id_ed25519' } },
      { line: 5, data: { id: 'pip', destination: '/etc/pip.conf' } },
      { line: 6, data: { id: 'aws', destination: '.aws-credentials' } },
    ]);
  });

  it('fires on echo of an env secret or a command substitution, and on an expanding heredoc', () => {
    const text = file([
      'RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" >> .npmrc && npm ci',
      'RUN --mount=type=secret,id=gh printf "machine github.com password %s\\n" "$(cat /run/secrets/gh)" > /root/.netrc',
      'RUN --mount=type=secret,id=npm TOKEN="$(cat /run/secrets/npm 2>/dev/null || true)" && echo "token=$TOKEN" > /app/.env',
      'RUN --mount=type=secret,id=ca,env=T,target=/run/secrets/ca if [ -n "$T" ]; then echo "${T:-}" > /app/ca.pem; fi && cat /etc/hdr /run/secrets/ca >> /app/all.pem',
      'RUN --mount=type=secret,id=npm,env=NPM_TOKEN cat <<EOF > /app/.npmrc',
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      'EOF',
    ]);
    expectFindings(rule, text, [
      { line: 3, data: { id: 'npm', destination: '.npmrc' } },
      { line: 4, data: { id: 'gh', destination: '/root/.netrc' } },
      { line: 5, data: { id: 'npm', destination: '/app/.env' } },
      { line: 6, data: { id: 'ca', destination: '/app/ca.pem' } },
      { line: 6, data: { id: 'ca', destination: '/app/all.pem' } },
      { line: 7, endLine: 9, data: { id: 'npm', destination: '/app/.npmrc' } },
    ]);
  });

  it('does not fire when the same RUN removes or overwrites the file', () => {
    expectNoFindings(
      rule,
      file([
        'RUN --mount=type=secret,id=npm cat /run/secrets/npm > ~/.npmrc && npm ci && rm -f ~/.npmrc',
        'RUN --mount=type=secret,id=npm cp /run/secrets/npm /tmp/npmrc && npm ci --userconfig /tmp/npmrc && rm -rf /tmp/*',
        "RUN --mount=type=secret,id=npm trap 'rm -f .npmrc' EXIT; cat /run/secrets/npm > .npmrc; npm ci",
        'RUN --mount=type=secret,id=npm,env=T echo "t=$T" > .npmrc && npm ci && echo "" > .npmrc',
        'RUN --mount=type=secret,id=npm cat /run/secrets/npm > .npmrc && npm ci && rm -rf "$HOME/tmp"',
      ]),
    );
  });

  it('does not fire when the secret is only read, or the destination is a stream or another mount', () => {
    expectNoFindings(
      rule,
      file([
        'RUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci',
        'RUN --mount=type=secret,id=gh,env=GH_TOKEN gh auth status && echo "$GH_TOKEN" | docker login -u x --password-stdin',
        'RUN --mount=type=secret,id=npm cat /run/secrets/npm > /dev/null && cat /run/secrets/npm >/dev/stderr',
        'RUN --mount=type=secret,id=npm --mount=type=tmpfs,target=/scratch cp /run/secrets/npm /scratch/npmrc',
        'RUN --mount=type=secret,id=u curl -s "$(cat /run/secrets/u)/tool.zip" > tool.zip',
        "RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo '${NPM_TOKEN}' > .npmrc.template",
        // env= without target= mounts no file: this cat fails the build rather than copying anything.
        'RUN --mount=type=secret,id=npm,env=NPM_TOKEN cat /run/secrets/npm > /app/npmrc',
        'RUN --mount=type=secret,id=npm echo "$(cat /run/secrets/other)" > x && cat other > y',
        'RUN --mount=type=secret,id=npm echo "$(cat /run/secrets/npm | sha256sum)" > /app/npm.sum',
        'RUN --mount=type=secret,id=npm,env=T echo "has token: ${T:+yes} ${#T}" > /app/build-info',
      ]),
    );
  });

  it('does not fire on certificates installed into the trust store', () => {
    expectNoFindings(
      rule,
      file([
        'RUN --mount=type=secret,id=trusted_ca \\',
        '    if [ -f /run/secrets/trusted_ca ]; then cp /run/secrets/trusted_ca /usr/local/share/ca-certificates/proxy.crt; update-ca-certificates; fi',
        'RUN --mount=type=secret,id=ca cat /run/secrets/ca >> /etc/pki/ca-trust/source/anchors/corp.pem && cp /run/secrets/ca /app/ca.crt',
      ]),
    );
  });

  it('does not fire when the destination is unclear', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22-slim',
        'RUN --mount=type=secret,id=npm cat /run/secrets/npm > .npmrc',
        'WORKDIR /app',
        'RUN --mount=type=secret,id=npm cat /run/secrets/npm > "$NPMRC" && cp /run/secrets/npm $HOME_DIR/.npmrc',
        'RUN --mount=type=secret,id=npm cd "$SRC" && cp /run/secrets/npm .npmrc',
      ].join('\n'),
    );
  });

  it('does not read heredoc data as commands, nor exec forms', () => {
    expectNoFindings(
      rule,
      file([
        'RUN --mount=type=secret,id=npm cat <<EOF > /app/setup.sh',
        'cat /run/secrets/npm > ~/.npmrc',
        'EOF',
        'RUN --mount=type=secret,id=npm ["cp", "/run/secrets/npm", "/app/.npmrc"]',
      ]),
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(
      rule,
      file(['# stagecraft ignore=secret-mount-persisted', 'RUN --mount=type=secret,id=npm cp /run/secrets/npm .npmrc']),
    );
  });
});
