import { addRemoteUrl as rule } from './addRemoteUrl';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const sha = 'a'.repeat(40);

describe(rule.id, () => {
  it('fires on ADD of a URL without --checksum', () => {
    expectFindings(rule, 'FROM alpine:3.20\nADD https://example.com/tool-1.2.tar.gz /opt/', [
      { line: 2, stage: 0, data: { url: 'https://example.com/tool-1.2.tar.gz', git: false } },
    ]);
  });

  it('fires on a Git source at a movable ref', () => {
    expectFindings(rule, 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.13.0 /src', [
      { line: 2, data: { url: 'https://github.com/moby/buildkit.git#v0.13.0', git: true } },
    ]);
    expectFindings(rule, 'FROM alpine:3.20\nADD git@github.com:org/repo.git /src', [
      { line: 2, data: { url: 'git@github.com:org/repo.git', git: true } },
    ]);
  });

  it('does not fire with --checksum, a commit-pinned Git ref, a local path or a variable', () => {
    expectNoFindings(
      rule,
      [
        'FROM alpine:3.20',
        `ADD --checksum=sha256:${'b'.repeat(64)} https://example.com/tool.tar.gz /opt/`,
        `ADD https://github.com/org/repo.git#${sha} /src`,
        `ADD --checksum=${sha} https://github.com/org/repo.git#main /src2`,
        'ADD vendor.tar.gz /opt/',
        'ARG URL=https://example.com/x',
        'ADD $URL /opt/',
        'COPY https-proxy.conf /etc/',
      ].join('\n'),
    );
  });

  it('checks every stage, including one the target does not need and scratch', () => {
    const text = 'FROM scratch AS assets\nADD https://example.com/a.txt /\nFROM alpine:3.20\nRUN true';
    expectFindings(rule, text, [
      { line: 2, stage: 0, data: { url: 'https://example.com/a.txt', git: false } },
    ]);
  });

  it('offers no fix, and is silenced by an ignore comment', () => {
    expect(findingsOf(rule, 'FROM alpine:3.20\nADD https://example.com/a /a')[0].fix).toBeNull();
    expectNoFindings(
      rule,
      'FROM alpine:3.20\n# stagecraft ignore=add-remote-url\nADD https://example.com/a /a',
    );
  });

  it('does not fire on download URLs pinned to a commit', () => {
    expectNoFindings(
      rule,
      [
        'FROM alpine:3.20',
        `ADD https://git.savannah.gnu.org/cgit/config.git/plain/config.guess?id=${sha} /usr/share/`,
        `ADD https://raw.githubusercontent.com/org/repo/${sha}/install.sh /tmp/`,
        `ADD https://github.com/org/repo/archive/${sha}.tar.gz /src/`,
        `ADD https://example.com/get?commit=${sha} /src/`,
      ].join('\n'),
    );
  });
});
