import { duplicateStageName as rule } from './duplicateStageName';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on the later stage, case-insensitively', () => {
    expectFindings(
      rule,
      'FROM golang:1.22 AS build\nRUN go build\nFROM node:22 AS Build\nFROM scratch AS build\nFROM scratch',
      [
        { line: 3, stage: 1, data: { name: 'Build', firstLine: 1 } },
        { line: 4, stage: 2, data: { name: 'build', firstLine: 1 } },
      ],
    );
  });

  it('does not fire on distinct or unnamed stages', () => {
    expectNoFindings(rule, 'ARG BASE=node:22\nFROM ${BASE} AS deps\nFROM deps AS build\nFROM scratch\nFROM scratch');
  });

  it('fires in stages the target does not need, and respects ignore comments', () => {
    expectFindings(rule, 'FROM alpine:3.20 AS x\nFROM alpine:3.20 AS x\nFROM alpine:3.20 AS app', [
      { line: 2, data: { name: 'x', firstLine: 1 } },
    ], { target: 'app' });
    expectNoFindings(rule, 'FROM alpine:3.20 AS x\n# stagecraft ignore=duplicate-stage-name\nFROM alpine:3.20 AS x');
  });
});
