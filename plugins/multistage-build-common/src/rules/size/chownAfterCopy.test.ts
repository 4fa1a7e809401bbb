import { chownAfterCopy as rule } from './chownAfterCopy';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const data = (user: string, paths: string[], copyLines: number[], copyKeyword = 'COPY') => ({ user, paths, copyKeyword, copyLines });

describe(rule.id, () => {
  it('fires when chown -R covers what an earlier COPY or ADD wrote', () => {
    const text = [
      'FROM node:22-slim',
      'WORKDIR /app',
      'COPY package.json ./',
      'COPY --from=build /src/dist ./dist',
      'RUN chown -R node:node /app',
      'ADD vendor.tar.gz /opt/vendor/',
      'RUN useradd app && chown --recursive app /opt/vendor',
    ].join('\n');
    expectFindings(rule, text, [
      { line: 5, stage: 0, data: data('node:node', ['/app'], [3, 4]) },
      { line: 7, stage: 0, data: data('app', ['/opt/vendor'], [6], 'ADD') },
    ]);
  });

  it('resolves relative paths against WORKDIR and cd, and follows the stages a stage is built FROM', () => {
    const text = [
      'FROM python:3.12-slim AS base',
      'WORKDIR /srv',
      'COPY . .',
      'FROM base',
      'RUN cd / && chown -Rh app srv',
      'RUN chown -R app .',
    ].join('\n');
    expectFindings(rule, text, [
      { line: 5, stage: 1, data: data('app', ['srv'], [3]) },
      { line: 6, stage: 1, data: data('app', ['.'], [3]) },
    ]);
  });

  it('names every copied path and COPY/ADD line a chown covers, once per command', () => {
    const text = [
      'FROM alpine:3.20',
      'COPY app /zap',
      'ADD policies.tar /home/zap/.ZAP/',
      'RUN mkdir /data && chown -R zap:zap /zap /data /home/zap/.ZAP',
    ].join('\n');
    expectFindings(rule, text, [{ line: 4, data: data('zap:zap', ['/zap', '/home/zap/.ZAP'], [2, 3], 'COPY/ADD') }]);
  });

  it('does not fire on directories that hold no copied files, or inside a COPY destination', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22-slim',
        'WORKDIR /app',
        'COPY . .',
        'RUN mkdir -p /data /app/uploads && chown -R node /data /app/uploads',
        'RUN chown node /app',
      ].join('\n'),
    );
  });

  it('does not fire when COPY already set an owner, or on variables and unknown directories', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22-slim',
        'COPY --chown=node:node . /app',
        'COPY src src',
        'RUN chown -R node src',
        'COPY lib /opt/lib',
        'RUN chown -R node "$APP_HOME" && cd $DIR && chown -R node lib',
      ].join('\n'),
    );
  });

  it('does not look at COPYs in stages it is not built FROM, or later ones', () => {
    expectNoFindings(
      rule,
      'FROM alpine:3.20 AS a\nCOPY x /app/x\nFROM alpine:3.20\nRUN chown -R nobody /app\nCOPY y /app/y',
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\nCOPY x /app/\n# stagecraft ignore=chown-after-copy\nRUN chown -R nobody /app');
  });
});
