import { flagInsideCommand as rule } from './flagInsideCommand';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on a flag the shell would run as a command', () => {
    expectFindings(
      rule,
      [
        'FROM debian:12',
        'RUN apt-get update && --mount=type=cache,target=/var/cache/apt apt-get install -y curl',
        'RUN make; --network=none make test',
      ].join('\n'),
      [
        { line: 2, stage: 0, data: { keyword: 'RUN', flag: '--mount=type=cache,target=/var/cache/apt' } },
        { line: 3, stage: 0, data: { keyword: 'RUN', flag: '--network=none' } },
      ],
    );
  });

  it('fires on a --mount=type= option given to a program instead of RUN', () => {
    expectFindings(
      rule,
      [
        'FROM node:22',
        'RUN npm ci --mount=type=cache,target=/root/.npm',
        'RUN CI=1 pip install -r requirements.txt \\',
        '    --mount=type=cache,target=/root/.cache/pip && echo done',
      ].join('\n'),
      [
        { line: 2, stage: 0, data: { keyword: 'RUN', flag: '--mount=type=cache,target=/root/.npm', program: 'npm' } },
        {
          line: 3,
          endLine: 4,
          data: { keyword: 'RUN', flag: '--mount=type=cache,target=/root/.cache/pip', program: 'pip' },
        },
      ],
    );
  });

  it('does not fire on --mount options of container CLIs, quoted text, or other --mount options', () => {
    expectNoFindings(
      rule,
      [
        'FROM docker:27',
        'RUN docker run --rm --mount=type=bind,source=/src,target=/src alpine ls /src',
        'RUN sudo podman run --mount=type=tmpfs,target=/tmp alpine true',
        'RUN echo "--mount=type=cache,target=/x" \'--mount=type=cache\'',
        'RUN mount --mount=/dev/sda1 /mnt || true',
      ].join('\n'),
    );
  });

  it('fires on COPY/ADD flags after a source', () => {
    expectFindings(rule, 'FROM node:22\nCOPY package.json --chown=node:node /app/\nADD app.tar.gz --link /opt/', [
      { line: 2, data: { keyword: 'COPY', flag: '--chown=node:node' } },
      { line: 3, data: { keyword: 'ADD', flag: '--link' } },
    ]);
  });

  it('does not fire on flags in place, or on options of other programs', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22',
        'RUN --mount=type=cache,target=/root/.npm --network=default npm ci',
        'RUN rsync -a --chown=node:node src/ /app/ && cp --link a b',
        'RUN docker build --network=host .',
        'COPY --from=0 --chown=node --link /a /b',
        'CMD ["node", "--from=x"]',
      ].join('\n'),
    );
  });

  it('fires in every stage, with a Windows escape, and respects ignore comments', () => {
    expectFindings(rule, '# escape=`\nFROM alpine:3.20 AS tools\nRUN true && --mount=type=secret,id=x cat /run/secrets/x\nFROM scratch', [
      { line: 3, stage: 0, data: { keyword: 'RUN', flag: '--mount=type=secret,id=x' } },
    ], { target: 1 });
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=flag-inside-command\nRUN true && --network=none true');
  });

  it('moves a mount right after RUN', () => {
    const fixed = expectFixResolves(
      rule,
      'FROM debian:12\nRUN apt-get update && --mount=type=cache,target=/var/cache/apt apt-get install -y curl',
    );
    expect(fixed).toBe(
      'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl',
    );
  });

  it('moves a flag on a continuation line and drops the line it leaves empty', () => {
    const fixed = expectFixResolves(
      rule,
      'FROM node:22\nRUN npm config set fund false && \\\n    --mount=type=cache,target=/root/.npm \\\n    npm ci',
    );
    expect(fixed).toBe('FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm config set fund false && \\\n    npm ci');
  });

  it('moves a mount given to a program right after RUN', () => {
    expect(expectFixResolves(rule, 'FROM node:22\nRUN npm ci --mount=type=cache,target=/root/.npm')).toBe(
      'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci',
    );
    expect(
      expectFixResolves(rule, 'FROM node:22\nRUN npm ci --omit=dev \\\n    --mount=type=cache,target=/root/.npm\nCMD ["node", "app.js"]'),
    ).toBe('FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\nCMD ["node", "app.js"]');
  });

  it('moves COPY flags', () => {
    const fixed = expectFixResolves(rule, 'FROM node:22\nCOPY package.json --chown=node:node /app/');
    expect(fixed).toBe('FROM node:22\nCOPY --chown=node:node package.json /app/');
  });

  it('does not move --network, a flag the keyword lacks, or a flag that is the whole command', () => {
    const fixes = findingsOf(
      rule,
      'FROM alpine:3.20\nRUN make && --network=none make test\nADD a --from=x /b\nRUN true && --mount=type=tmpfs,target=/t',
    ).map(f => f.fix);
    expect(fixes).toEqual([null, null, null]);
  });
});
