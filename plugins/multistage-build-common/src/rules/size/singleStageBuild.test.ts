import { singleStageBuild as rule } from './singleStageBuild';
import { parseDockerfile } from '../../parser/parseDockerfile';
import { buildStageGraph } from '../../stages/stageGraph';
import { createRuleContext } from '../ruleContext';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires when the only stage compiles', () => {
    expectFindings(rule, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]', [
      { line: 1, stage: 0, data: { reason: 'compiles (`go build -o /app .`)' } },
    ]);
    expectFindings(rule, 'FROM node:22\nCOPY . .\nRUN npm ci --omit=dev && npm run build', [
      { line: 1, data: { reason: 'compiles (`npm run build`)' } },
    ]);
    expectFindings(rule, 'FROM debian:12\nCOPY . .\nRUN make -C src', [
      { line: 1, data: { reason: 'compiles (`make -C src`)' } },
    ]);
  });

  it('fires when the only stage installs dev dependencies or compilers', () => {
    expectFindings(rule, 'FROM node:22-slim\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]', [
      { line: 1, data: { reason: 'installs dev dependencies (`npm ci`)' } },
    ]);
    expectFindings(rule, 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc', [
      { line: 1, data: { reason: 'installs gcc' } },
    ]);
  });

  it('does not fire on production-only installs', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]');
    expectNoFindings(rule, 'FROM node:22-slim\nENV NODE_ENV=production\nRUN npm ci');
    expectNoFindings(rule, 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt');
  });

  it('does not fire on multi-stage files', () => {
    expectNoFindings(rule, 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app');
  });

  it('does not fire on scratch, ARG-based images or empty files', () => {
    expectNoFindings(rule, 'FROM scratch\nCOPY app /app');
    expectNoFindings(rule, 'ARG BASE=nginx:1.27\nFROM ${BASE}\nCOPY site /usr/share/nginx/html');
    const parsed = parseDockerfile('# nothing here\n');
    const context = createRuleContext({ text: '', parsed, graph: buildStageGraph(parsed) });
    expect(rule.check(context)).toEqual([]);
  });

  it('works with a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0 AS App\nRUN dotnet `\n  publish -c Release', [
      { line: 2, data: { reason: 'compiles (`dotnet publish -c Release`)' } },
    ]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=single-stage-build\nFROM golang:1.22\nRUN go build ./...');
  });
});

describe(`${rule.id} fix`, () => {
  it('converts a recognised single-stage file to a multi-stage one', () => {
    const fixed = expectFixResolves(
      rule,
      [
        'FROM golang:1.22',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /out/server ./cmd/server',
        'EXPOSE 8080',
        'CMD ["/out/server"]',
        '',
      ].join('\n'),
    );
    expect(fixed).toMatch(/^FROM .* AS build$/m);
    expect(fixed).toMatch(/^USER /m);
  });

  it('offers no fix for a language the converter does not know', () => {
    const [finding] = findingsOf(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y gcc\nCOPY . .\nRUN make\n');
    expect(finding.fix).toBeNull();
  });
});
