import { swallowedFailure as rule } from './swallowedFailure';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on checks followed by || true, || echo, || : and ; exit 0', () => {
    expectFindings(
      rule,
      [
        'FROM node:22 AS build',
        'RUN npm test || true',
        'RUN npx eslint . || echo "lint failed"',
        'RUN npm audit --audit-level=high || :',
        'RUN npm run build && npm run test:e2e; exit 0',
        'RUN go vet ./... || exit 0',
      ].join('\n'),
      [
        { line: 2, stage: 0, data: { command: 'npm test', kind: 'test', swallow: '|| true' } },
        { line: 3, data: { command: 'npx eslint .', kind: 'lint', swallow: '|| echo "lint failed"' } },
        { line: 4, data: { command: 'npm audit --audit-level=high', kind: 'audit', swallow: '|| :' } },
        { line: 5, data: { command: 'npm run test:e2e', kind: 'test', swallow: '; exit 0' } },
        { line: 6, data: { command: 'go vet ./...', kind: 'lint', swallow: '|| exit 0' } },
      ],
    );
  });

  it('does not fire when the handler still fails, on other commands, or under set -e for ; exit 0', () => {
    expectNoFindings(
      rule,
      [
        'FROM node:22',
        'RUN npm test || { echo "tests failed"; exit 1; }',
        'RUN npm test || (echo failed && false)',
        'RUN rm -rf /tmp/cache || true',
        'RUN set -e; npm test; exit 0',
        'CMD npm test || true',
        'RUN npm test',
      ].join('\n'),
    );
  });

  it('checks every stage, heredocs, and respects ignore comments', () => {
    expectFindings(rule, 'FROM golang:1.22 AS ci\nRUN <<EOF\ngo test ./... || true\nEOF\nFROM scratch', [
      { line: 2, endLine: 4, stage: 0, data: { command: 'go test ./...', kind: 'test', swallow: '|| true' } },
    ], { target: 1 });
    expectNoFindings(rule, 'FROM node:22\n# stagecraft ignore=swallowed-failure\nRUN npm test || true');
  });

  it('works in a file with a Windows escape character', () => {
    expectFindings(rule, '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet test || exit 0', [
      { line: 3, data: { command: 'dotnet test', kind: 'test', swallow: '|| exit 0' } },
    ]);
  });

  it('fixes by removing the swallow', () => {
    const fixed = expectFixResolves(
      rule,
      'FROM node:22\nRUN npm ci && npm test || true && npm run build\nRUN npx eslint . || true\nRUN make test; exit 0',
    );
    expect(fixed).toBe('FROM node:22\nRUN npm ci && npm test && npm run build\nRUN npx eslint .\nRUN make test');
  });

  it('fixes across continuation lines, ending the instruction where the swallow stood alone', () => {
    const fixed = expectFixResolves(rule, 'FROM python:3.12\nRUN pip install -r req.txt && \\\n    pytest -q \\\n    || true\nUSER app');
    expect(fixed).toBe('FROM python:3.12\nRUN pip install -r req.txt && \\\n    pytest -q\nUSER app');
  });

  it('does not fix "|| true;" followed by more commands', () => {
    expect(findingsOf(rule, 'FROM node:22\nRUN npm test || true; npm run build').map(f => f.fix)).toEqual([null]);
  });
});
