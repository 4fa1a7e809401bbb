import { secretFileCopied as rule } from './secretFileCopied';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const data = (keyword: string, source: string, stage = 'stage 0') => ({ keyword, source, stage });

describe(rule.id, () => {
  it('fires on credential files copied from the context', () => {
    expectFindings(
      rule,
      [
        'FROM node:22-slim',
        'COPY .env /app/.env',
        'COPY id_rsa /root/.ssh/id_rsa',
        'ADD .pypirc package.json ./',
        'COPY ["tls/server.key", "tls/privkey.pem", "/etc/ssl/private/"]',
        'COPY .aws/credentials /root/.aws/credentials',
        'COPY .env.production .docker/config.json /app/',
      ].join('\n'),
      [
        { line: 2, stage: 0, data: data('COPY', '.env') },
        { line: 3, data: data('COPY', 'id_rsa') },
        { line: 4, data: data('ADD', '.pypirc') },
        { line: 5, data: data('COPY', 'tls/server.key') },
        { line: 5, data: data('COPY', 'tls/privkey.pem') },
        { line: 6, data: data('COPY', '.aws/credentials') },
        { line: 7, data: data('COPY', '.env.production') },
        { line: 7, data: data('COPY', '.docker/config.json') },
      ],
    );
  });

  it('does not fire on templates, certificates, public keys or the whole context', () => {
    expectNoFindings(
      rule,
      [
        'FROM nginx:1.27',
        'COPY .env.example ca.pem certs/fullchain.pem id_rsa.pub config.json /etc/app/',
        'COPY . /app',
        'ARG KEY_FILE=app.key',
        'COPY $KEY_FILE /etc/app/',
      ].join('\n'),
    );
  });

  it('judges files copied out of another stage by their name', () => {
    expectFindings(
      rule,
      'FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /root/.npmrc /root/',
      [{ line: 4, stage: 1, data: data('COPY', '/root/.npmrc', 'stage 1') }],
    );
  });

  it('judges only stages the target needs, including ones reached by a numeric --from', () => {
    const text = [
      'FROM node:22 AS Dev',
      'COPY .env .',
      'FROM node:22 AS build',
      'COPY .netrc .',
      'FROM node:22-slim',
      'COPY --from=1 /app /app',
    ].join('\n');
    expectFindings(rule, text, [{ line: 4, stage: 1, data: data('COPY', '.netrc', 'stage "build"') }]);
    expectFindings(rule, text, [{ line: 2, stage: 0, data: data('COPY', '.env', 'stage "dev"') }], {
      target: 'DEV',
    });
  });

  it('works with ARG-based images, scratch and Windows paths', () => {
    expectFindings(rule, 'ARG BASE=alpine:3.20\nFROM ${BASE}\nCOPY deploy/id_ed25519 /keys/', [
      { line: 3, data: data('COPY', 'deploy/id_ed25519') },
    ]);
    expectFindings(rule, 'FROM scratch\nCOPY .netrc /', [{ line: 2, data: data('COPY', '.netrc') }]);
    expectFindings(
      rule,
      '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY certs\\app.pfx C:\\certs\\',
      [{ line: 3, data: data('COPY', 'certs\\app.pfx') }],
    );
  });

  it('offers no fix, and is silenced by an ignore comment', () => {
    expect(findingsOf(rule, 'FROM alpine:3.20\nCOPY .env /app/')[0].fix).toBeNull();
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=secret-file-copied\nCOPY .env /app/');
  });

  it('does not fire on public keys that verify downloads', () => {
    expectNoFindings(
      rule,
      [
        'FROM debian:12',
        'COPY nodesource.gpg.key /tmp/',
        'COPY repo.key /tmp/repo.key',
        'COPY release-signing.key /tmp/',
        'COPY vendor.key /usr/share/keyrings/vendor.key',
        'COPY packages.key /etc/apt/trusted.gpg.d/packages.key',
      ].join('\n'),
    );
    expectFindings(rule, 'FROM debian:12\nCOPY server.key /etc/ssl/private/', [
      { line: 2, data: { keyword: 'COPY', source: 'server.key', stage: 'stage 0' } },
    ]);
  });

  it("does not fire on a project's own .npmrc and .yarnrc.yml, test fixtures, dummy keys or keys copied as public", () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22-slim',
        'COPY .npmrc .yarnrc.yml package.json ./',
        'COPY ./test/fixture/certs/e2e-server.key /etc/ssl/',
        'COPY testdata/id_rsa /root/.ssh/id_rsa',
        'COPY porter/localhost.key /certs/',
        'COPY jenkins.io-2026.key /war/jenkins-key.pub',
      ].join('\n'),
    );
    expectFindings(rule, 'FROM node:22-slim\nCOPY ~/.npmrc /root/.npmrc', [{ line: 2, data: data('COPY', '~/.npmrc') }]);
  });
});
