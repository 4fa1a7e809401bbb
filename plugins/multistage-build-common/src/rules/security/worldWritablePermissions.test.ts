import { worldWritablePermissions as rule } from './worldWritablePermissions';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const app = (lines: string[]) => ['FROM node:22-slim', 'WORKDIR /app', ...lines, 'CMD ["node", "server.js"]'].join('\n');

describe(rule.id, () => {
  it('fires on COPY/ADD --chmod and RUN chmod granting others write', () => {
    const text = app([
      'COPY --chmod=777 entrypoint.sh /entrypoint.sh',
      'ADD --chmod=0666 config.json ./config.json',
      'RUN chmod 777 start.sh app.py',
      'RUN chmod o+w /app/settings.yaml && chmod a+rwx,+t /usr/local/bin/tool',
      'RUN chmod 666 -R /etc/app.conf',
    ]);
    expectFindings(rule, text, [
      { line: 3, stage: 0, data: { keyword: 'COPY', mode: '777', path: '/entrypoint.sh' } },
      { line: 4, data: { keyword: 'ADD', mode: '0666', path: './config.json' } },
      { line: 5, data: { keyword: 'RUN', mode: '777', path: 'start.sh, app.py' } },
      { line: 6, data: { keyword: 'RUN', mode: 'o+w', path: '/app/settings.yaml' } },
      { line: 6, data: { keyword: 'RUN', mode: 'a+rwx,+t', path: '/usr/local/bin/tool' } },
      { line: 7, data: { keyword: 'RUN', mode: '666', path: '/etc/app.conf' } },
    ]);
  });

  it('does not fire on directories, made writable to run under an arbitrary user id', () => {
    expectNoFindings(rule, app(['RUN mkdir -p uploads logs && chmod -R 777 uploads logs /var/log/app', 'RUN chmod 777 /tmp']));
  });

  it('does not fire on modes that keep others read-only, or on +w through the umask', () => {
    expectNoFindings(rule, app(['COPY --chmod=755 run.sh /run.sh', 'RUN chmod -R 775 /app && chmod +w /app/x && chmod g+w /app/y']));
  });

  it('does not fire on sticky tmp-like directories', () => {
    expectNoFindings(
      rule,
      app(['RUN chmod 1777 /tmp /var/tmp && mkdir -p /app/tmp && chmod 777 /app/tmp && chmod +t /app/tmp', 'RUN chmod a+rwxt /dev/shm']),
    );
  });

  it('does not fire on paths removed later in the RUN, set back later, mounted or outside the image', () => {
    expectNoFindings(
      rule,
      app([
        'RUN mkdir /build && chmod 777 /build && make -C /build && rm -rf /build',
        'RUN chmod -R 777 /app/cache',
        'RUN chmod -R go-w /app',
        'RUN --mount=type=cache,target=/root/.npm chmod -R 777 /root/.npm && chmod 666 /dev/null',
      ]),
    );
  });

  it('only judges the shipped image', () => {
    const text = [
      'FROM node:22 AS build',
      'RUN chmod -R 777 /src',
      'FROM node:22-slim',
      'COPY --from=build /src/dist /app',
      'CMD ["node", "/app/server.js"]',
    ].join('\n');
    expectNoFindings(rule, text);
    expectNoFindings(rule, 'FROM node:22 AS test\nRUN chmod 777 /app\nRUN npm test');
  });

  it('reads chmod in a stage the shipped stage is built FROM', () => {
    const text = 'FROM alpine:3.20 AS base\nRUN chmod 777 /srv/run.sh\nFROM base\nCMD ["sh"]';
    expectFindings(rule, text, [{ line: 2, stage: 0, data: { keyword: 'RUN', mode: '777', path: '/srv/run.sh' } }]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, app(['# stagecraft ignore=world-writable-permissions', 'RUN chmod 777 /app/run.sh']));
  });
});
