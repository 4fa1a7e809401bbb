import { duplicateStageSetup as rule } from './duplicateStageSetup';
import { stageLabel } from '../shared/stageLabel';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const label = (name: string | null, index: number) => stageLabel({ name, index });
const setup = 'WORKDIR /app\nRUN apk add --no-cache git\nCOPY go.mod go.sum ./';

describe(rule.id, () => {
  it('fires when two stages on one base repeat instructions right after FROM', () => {
    const text = `FROM golang:1.22 AS Build\n${setup}\nRUN go build -o /out/app .\nFROM golang:1.22 AS test\n${setup}\nRUN go test ./...`;
    expectFindings(rule, text, [
      { line: 6, stage: 1, data: { stage: label('test', 1), other: label('build', 0), count: 3, anchor: 0 } },
    ]);
  });

  it('fixes by extracting a shared stage', () => {
    const text = `FROM golang:1.22 AS build\n${setup}\nRUN go build -o /out/app .\n\nFROM golang:1.22 AS test\n${setup}\nRUN go test ./...`;
    expect(expectFixResolves(rule, text)).toBe(
      `FROM golang:1.22 AS build-base\n${setup}\n\nFROM build-base AS build\nRUN go build -o /out/app .\n\nFROM build-base AS test\nRUN go test ./...`,
    );
  });

  it('compares resolved bases, so ARG-based images match their value', () => {
    const text = 'ARG GO=golang:1.22\nFROM ${GO}\nENV CGO_ENABLED=0\nRUN go mod download\nFROM golang:1.22\nENV   CGO_ENABLED=0\nRUN go mod download\nRUN go vet';
    expectFindings(rule, text, [{ line: 5, data: { stage: label(null, 1), other: label(null, 0), count: 2, anchor: 0 } }]);
    expect(expectFixResolves(rule, text)).toBe(
      'ARG GO=golang:1.22\nFROM ${GO} AS shared-base\nENV CGO_ENABLED=0\nRUN go mod download\n\nFROM shared-base\nFROM shared-base\nRUN go vet',
    );
  });

  it('does not fire on different bases, a single shared instruction, or a run not right after FROM', () => {
    expectNoFindings(rule, `FROM golang:1.22\n${setup}\nFROM golang:1.23\n${setup}`);
    expectNoFindings(rule, 'FROM alpine:3.20\nWORKDIR /app\nRUN a\nFROM alpine:3.20\nWORKDIR /app\nRUN b');
    expectNoFindings(rule, `FROM alpine:3.20\nRUN a\n${setup}\nFROM alpine:3.20\n${setup}`);
  });

  it('handles stages built FROM another stage and scratch', () => {
    expectFindings(rule, 'FROM alpine:3.20 AS base\nFROM base\nENV A=1\nUSER app\nFROM base\nENV A=1\nUSER app', [
      { line: 5, data: { stage: label(null, 2), other: label(null, 1), count: 2, anchor: 1 } },
    ]);
    expectNoFindings(rule, 'FROM scratch\nCOPY a /a\nFROM scratch\nCOPY b /b');
  });

  it('offers no fix when the file refers to stages by index', () => {
    const text = `FROM golang:1.22\n${setup}\nFROM golang:1.22\n${setup}\nCOPY --from=0 /app /app`;
    expect(findingsOf(rule, text).map(f => f.fix)).toEqual([null]);
  });

  it('works with a Windows escape character', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN mkdir C:\\app\nWORKDIR C:\\app\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN mkdir `\n  C:\\app\nWORKDIR C:\\app';
    expectFindings(rule, text, [{ line: 5, data: { stage: label(null, 1), other: label(null, 0), count: 2, anchor: 0 } }]);
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, `FROM golang:1.22\n${setup}\n# stagecraft ignore=duplicate-stage-setup\nFROM golang:1.22\n${setup}`);
  });
});
