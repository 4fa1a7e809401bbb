import { secretInArgEnv as rule } from './secretInArgEnv';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on each secret-looking ARG or ENV name', () => {
    expectFindings(
      rule,
      'FROM alpine:3.20\nARG GITHUB_TOKEN\nENV DB_PASSWORD=changeme API_KEY=abc LOG_LEVEL=info\nARG auth=x',
      [
        { line: 2, stage: 0, data: { keyword: 'ARG', name: 'GITHUB_TOKEN' } },
        { line: 3, stage: 0, data: { keyword: 'ENV', name: 'DB_PASSWORD' } },
        { line: 3, stage: 0, data: { keyword: 'ENV', name: 'API_KEY' } },
        { line: 4, stage: 0, data: { keyword: 'ARG', name: 'auth' } },
      ],
    );
  });

  it('fires on the legacy ENV form, across continuation lines', () => {
    expectFindings(rule, 'FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY \\\n  abc', [
      { line: 2, endLine: 3, data: { keyword: 'ENV', name: 'AWS_SECRET_ACCESS_KEY' } },
    ]);
  });

  it("does not fire where BuildKit's allow list or word boundaries say no", () => {
    expectNoFindings(
      rule,
      [
        'FROM alpine:3.20',
        'ARG PUBLIC_KEY',
        'ENV POSTGRES_PASSWORD_FILE=/run/secrets/db TOKEN_VERSION=2',
        'ENV MONKEY=1 KEYBOARD=us PASSWORDS=0 NODE_VERSION=22',
      ].join('\n'),
    );
  });

  it('fires on a global ARG with a default, which BuildKit does not check', () => {
    expectFindings(rule, 'ARG GITHUB_TOKEN=abc NODE_VERSION=22 PUBLIC_KEY=x\nFROM node:${NODE_VERSION}\nARG GITHUB_TOKEN', [
      { line: 1, stage: null, data: { keyword: 'ARG', name: 'GITHUB_TOKEN', globalDefault: true } },
      { line: 3, stage: 0, data: { keyword: 'ARG', name: 'GITHUB_TOKEN' } },
    ]);
    expectFindings(rule, '# syntax=docker/dockerfile:1\nARG DB_PASSWORD="s3cret"\nFROM postgres:16', [
      { line: 2, stage: null, data: { keyword: 'ARG', name: 'DB_PASSWORD', globalDefault: true } },
    ]);
  });

  it('ignores a global ARG without a value until a stage redeclares it', () => {
    expectNoFindings(rule, 'ARG NPM_TOKEN\nARG API_KEY=\nARG AUTH=""\nFROM node:22');
    expectFindings(rule, 'ARG NPM_TOKEN\nFROM node:22\nARG NPM_TOKEN', [
      { line: 3, stage: 0, data: { keyword: 'ARG', name: 'NPM_TOKEN' } },
    ]);
  });

  it('checks every stage, since ARG values land in build history whatever the target', () => {
    const text =
      'FROM node:22 AS build\nARG NPM_TOKEN\nFROM node:22-slim AS app\nCOPY --from=build /app /app';
    expectFindings(rule, text, [{ line: 2, stage: 0, data: { keyword: 'ARG', name: 'NPM_TOKEN' } }], {
      target: 'app',
    });
  });

  it('works in files with ARG-based images and a Windows escape', () => {
    expectFindings(
      rule,
      '# escape=`\nARG BASE=mcr.microsoft.com/windows/nanoserver:ltsc2022\nFROM ${BASE}\nENV SA_PASSWORD=x',
      [{ line: 4, data: { keyword: 'ENV', name: 'SA_PASSWORD' } }],
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=secret-in-arg-env\nARG GITHUB_TOKEN');
    expectNoFindings(rule, '# stagecraft ignore=secret-in-arg-env\nARG GITHUB_TOKEN=abc\nFROM alpine:3.20');
  });

  it('does not fire on names that hold a reference to a credential or a public key', () => {
    expectNoFindings(
      rule,
      [
        'FROM debian:12',
        'ARG SIGNING_KEY_URL=https://example.com/key.asc',
        'ARG SSH_KEY_PATH=/run/secrets/ssh',
        'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
        'ENV NODE_GPG_KEYS="4ED778F539E3634C779C87C6D7062848A1AB005C"',
        'ARG API_KEY_ID=abc',
      ].join('\n'),
    );
    expectFindings(rule, 'FROM debian:12\nARG DEPLOY_KEY', [{ line: 2, data: { keyword: 'ARG', name: 'DEPLOY_KEY' } }]);
  });

  it('does not fire on keys that are public by design, or an ENV with an empty value', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22',
        'ARG CAPTCHA_SITE_KEY',
        'ARG VITE_POSTHOG_API_KEY',
        'ENV NEXT_PUBLIC_STRIPE_KEY=pk_live_x',
        'ENV STRIPE_PUBLISHABLE_KEY=pk_live_x',
        'ENV OPENAI_API_KEY="" ANTHROPIC_API_KEY=',
        'ENV API_KEY_SELECT_MODE=random',
        'ENV SCCACHE_S3_KEY_PREFIX=ci SCCACHE_S3_NO_CREDENTIALS=true',
        'ENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=DontWarn',
        'ARG POSTHOG_API_KEY=posthog-api-key',
      ].join('\n'),
    );
    expectFindings(rule, 'FROM node:22\nENV OPENAI_API_KEY=sk-123', [{ line: 2, data: { keyword: 'ENV', name: 'OPENAI_API_KEY' } }]);
  });
});
