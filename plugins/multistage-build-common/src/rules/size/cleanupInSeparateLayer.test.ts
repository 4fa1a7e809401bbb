import { cleanupInSeparateLayer as rule } from './cleanupInSeparateLayer';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on apt lists removed in a later RUN', () => {
    expectFindings(
      rule,
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*',
      [{ line: 3, stage: 0, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 2 } }],
    );
    expectFindings(rule, 'FROM node:22-slim\nRUN npm install -g pm2\nRUN npm cache clean --force', [
      { line: 3, data: { command: 'npm cache clean --force', createdLine: 2 } },
    ]);
    // docker-clean already empties apt's cache on Debian and Ubuntu: a later apt-get clean removes nothing there.
    expectNoFindings(rule, 'FROM debian:12-slim\nRUN apt-get install -y curl\nRUN apt-get clean');
  });

  it('fires on copied or downloaded files removed later, and on packages purged later', () => {
    expectFindings(
      rule,
      'FROM alpine:3.20\nWORKDIR /tmp\nCOPY app.tar.gz .\nRUN tar xzf app.tar.gz -C /opt\nRUN rm app.tar.gz',
      [{ line: 5, data: { command: 'rm app.tar.gz', createdLine: 3 } }],
    );
    expectFindings(rule, 'FROM alpine:3.20\nRUN wget -O /tmp/tool.zip https://example.com/t.zip\nRUN rm -f /tmp/tool.zip', [
      { line: 3, data: { command: 'rm -f /tmp/tool.zip', createdLine: 2 } },
    ]);
    expectFindings(rule, 'FROM alpine:3.20\nRUN apk add gcc\nRUN make && \\\n  apk del gcc', [
      { line: 3, endLine: 4, data: { command: 'apk del gcc', createdLine: 2 } },
    ]);
  });

  it('blames the instruction that wrote the files, not one that merely names the directory', () => {
    // paperless-ngx: the earlier RUN only `cd`s into the WORKDIR; COPY docker/ wrote what `rm docker` removes.
    expectFindings(
      rule,
      [
        'FROM python:3.12-slim',
        'WORKDIR /usr/src/paperless/src/',
        'COPY requirements.txt ../',
        'RUN cd /usr/src/qpdf && make && cd /usr/src/paperless/src/ && pip install -r ../requirements.txt',
        'COPY docker/ ./docker/',
        'RUN cd docker \\',
        '  && cp supervisord.conf /etc/supervisord.conf \\',
        '  && cd .. \\',
        '  && rm docker -rf',
      ].join('\n'),
      [{ line: 6, endLine: 9, data: { command: 'rm docker -rf', createdLine: 5 } }],
    );
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN cd /src && chmod +x /app/run.sh && make\nRUN rm -rf /src /app');
  });

  it('prefers the most specific creator: the download, not the mkdir of its directory', () => {
    // hoppscotch: `mkdir` made an empty directory; `curl -o npm.tgz` put the bytes in it.
    expectFindings(
      rule,
      [
        'FROM alpine:3.20',
        'RUN mkdir -p /tmp/npm-install',
        'WORKDIR /tmp/npm-install',
        'RUN curl -fsSL https://registry.npmjs.org/npm/-/npm-11.6.4.tgz -o npm.tgz',
        'RUN tar -xzf npm.tgz && cd package && node bin/npm-cli.js install -g . && cd / && rm -rf /tmp/npm-install',
      ].join('\n'),
      [{ line: 5, data: { command: 'rm -rf /tmp/npm-install', createdLine: 4 } }],
    );
    // A later creator of the same path wins a tie.
    expectFindings(rule, 'FROM alpine:3.20\nRUN touch /tmp/a\nRUN echo hi > /tmp/a\nRUN rm /tmp/a', [
      { line: 4, data: { command: 'rm /tmp/a', createdLine: 3 } },
    ]);
  });

  it('does not blame mkdir or a single file for what is later removed inside them', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN mkdir -p /opt/app\nRUN rm -rf /opt/app/cache');
    expectNoFindings(rule, 'FROM alpine:3.20\nWORKDIR /app\nCOPY Makefile ./\nRUN make\nRUN rm -rf /app/build');
  });

  it('knows the outputs of the usual file-writing commands', () => {
    const cases: [string, string][] = [
      ['RUN wget -q https://example.com/tool.tar.gz -P /tmp', 'rm /tmp/tool.tar.gz'],
      ['RUN wget -qO /tmp/tool.tgz https://example.com/t', 'rm /tmp/tool.tgz'],
      ['RUN cd /tmp && curl -fsSLO https://example.com/tool.zip?x=1', 'rm -f /tmp/tool.zip'],
      ['RUN curl -fsSLo /tmp/x.deb https://example.com/x.deb', 'rm /tmp/x.deb'],
      ['RUN curl --output=/tmp/x.deb https://example.com/x.deb', 'rm /tmp/x.deb'],
      ['RUN tar -C /opt -xzf /tmp/go.tgz', 'rm -rf /opt/go'],
      ['RUN tar xzf /tmp/go.tgz --directory=/opt', 'rm -rf /opt'],
      ['RUN tar czf /backup.tgz /etc', 'rm /backup.tgz'],
      ['RUN unzip -q /tmp/a.zip -d /opt/a', 'rm -rf /opt/a/docs'],
      ['RUN git clone --depth 1 https://github.com/x/tool.git /src/tool', 'rm -rf /src/tool/.git'],
      ['RUN cd /src && git clone https://github.com/x/tool.git', 'rm -rf /src/tool'],
      ['RUN cp -r /usr/share/doc /tmp/', 'rm -rf /tmp/doc'],
      ['RUN mv /a.txt /b.txt /var/tmp', 'rm /var/tmp/b.txt'],
      ['RUN ln -s /usr/bin/python3 /usr/local/bin/python', 'rm /usr/local/bin/python'],
      ['RUN mkdir -m 700 /data', 'rm -rf /data'],
      ['RUN echo x | tee -a /etc/app.conf >/dev/null', 'rm /etc/app.conf'],
      ['RUN printf x >>/etc/motd', 'rm -f /etc/motd'],
      ['ADD app.tar.gz /opt/', 'rm -rf /opt/app/tests'],
      ['COPY --from=build /out/ /opt/out/', 'rm -rf /opt/out'],
    ];
    for (const [write, remove] of cases) {
      expectFindings(rule, `FROM alpine:3.20\n${write}\nRUN ${remove}`, [{ line: 3, data: { command: remove, createdLine: 2 } }]);
    }
  });

  it('does not blame a copied directory for a path inside it, whose content the file does not show', () => {
    expectNoFindings(rule, 'FROM python:3.12\nWORKDIR /src\nCOPY . .\nRUN pip wheel . -w dist\nRUN rm -rf /src/dist');
    expectNoFindings(rule, 'FROM alpine:3.20\nCOPY --from=build /out/ /usr/local/\nRUN rm -rf /usr/local/share/doc');
  });

  it('leaves paths it cannot resolve alone', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nWORKDIR $APP\nCOPY app.tgz .\nRUN rm /app.tgz');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN curl -o $OUT/a.tgz https://example.com/a.tgz\nRUN rm -rf /a.tgz');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN tar xzf /tmp/a.tgz && curl -o /dev/null https://example.com\nRUN rm -rf /dev/null');
  });

  it('does not fire when the same RUN creates and removes', () => {
    expectNoFindings(
      rule,
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN npm ci && npm cache clean --force',
    );
  });

  it('does not fire when the creating instruction already cleaned up after itself', () => {
    expectNoFindings(
      rule,
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*',
    );
    expectNoFindings(rule, 'FROM debian:12-slim\nRUN apt-get install -y curl && apt-get clean\nRUN apt-get clean');
    expectNoFindings(rule, 'FROM alpine:3.20\nRUN wget -O /tmp/a.tgz https://example.com/a.tgz && rm /tmp/a.tgz\nRUN rm -rf /tmp/*');
  });

  it('does not fire on clean-ups of things no earlier instruction created', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nRUN rm -rf /usr/local/lib/node_modules/npm/docs');
    expectNoFindings(rule, 'FROM scratch\nCOPY app /app');
  });

  it('does not count caches kept out of the layer by a cache mount', () => {
    expectNoFindings(rule, 'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN npm cache clean --force');
  });

  it('follows the shipped stage through its base stages, not other stages', () => {
    expectFindings(rule, 'FROM debian:12 AS Base\nRUN apt-get update\nFROM base\nRUN rm -rf /var/lib/apt/lists/*', [
      { line: 4, stage: 1, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 2 } },
    ]);
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update\nFROM debian:12\nCOPY --from=0 /etc/os-release /x\nRUN rm -rf /var/lib/apt/lists/*');
  });

  it('ignores stages the target does not need', () => {
    const text = 'FROM debian:12 AS tools\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM debian:12 AS app\nCMD ["app"]';
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 3, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 2 } }], { target: 'tools' });
    // A dev environment is not a shipped image.
    expectNoFindings(rule, text.replace('AS tools', 'AS dev'), { target: 'dev' });
  });

  it('works with an ARG-based image and a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nARG BASE=debian:12\nFROM ${BASE}\nRUN apt-get update\nRUN rm -rf `\n  /var/lib/apt/lists/*', [
      { line: 5, endLine: 6, data: { command: 'rm -rf /var/lib/apt/lists/*', createdLine: 4 } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM debian:12\nRUN apt-get update\n# stagecraft ignore=cleanup-in-separate-layer\nRUN apt-get clean');
  });
});
