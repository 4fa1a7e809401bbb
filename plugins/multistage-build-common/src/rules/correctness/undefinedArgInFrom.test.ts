import { undefinedArgInFrom as rule } from './undefinedArgInFrom';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on variables no global ARG declares, once per variable', () => {
    expectFindings(
      rule,
      'FROM node:${NODE_VERSION}-${VARIANT} AS build\nARG NODE_VERSION=22\nFROM --platform=$HOST_PLATFORM ${NODE_VERSION}',
      [
        { line: 1, stage: 0, data: { name: 'NODE_VERSION' } },
        { line: 1, stage: 0, data: { name: 'VARIANT' } },
        { line: 3, stage: 1, data: { name: 'HOST_PLATFORM' } },
        { line: 3, stage: 1, data: { name: 'NODE_VERSION' } },
      ],
    );
  });

  it('does not fire on global ARGs (with or without default), platform ARGs, stages or scratch', () => {
    expectNoFindings(
      rule,
      'ARG BASE=node:22\nARG TAG\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nFROM build\nFROM scratch\nFROM alpine:${TAG:-3.20}',
    );
  });

  it('fires on stages the target does not need, and respects ignore comments', () => {
    expectFindings(rule, 'FROM alpine:$T AS tools\nFROM scratch', [{ line: 1, data: { name: 'T' } }], { target: 1 });
    expectNoFindings(rule, '# stagecraft ignore=undefined-arg-in-from\nFROM alpine:$T');
  });

  it('fixes by declaring the ARG before the first FROM, with a stage default when there is exactly one', () => {
    const fixed = expectFixResolves(
      rule,
      '# syntax=docker/dockerfile:1\n# base image\nFROM node:${NODE_VERSION}-slim\nARG NODE_VERSION=22\nFROM golang:$GO',
    );
    expect(fixed).toBe(
      '# syntax=docker/dockerfile:1\nARG NODE_VERSION=22\nARG GO\n# base image\nFROM node:${NODE_VERSION}-slim\nARG NODE_VERSION=22\nFROM golang:$GO',
    );
  });

  it('says in the fix title when the value must come from --build-arg', () => {
    const titles = (text: string) => findingsOf(rule, text).map(f => f.fix?.title);
    expect(titles('FROM alpine:${ALPINE_VERSION}\nRUN true')).toEqual([
      'Declare ARG ALPINE_VERSION before the first FROM (no default is known: pass it with --build-arg ALPINE_VERSION=<value>)',
    ]);
    // Two different stage defaults: none is chosen.
    expect(titles('FROM alpine:$V\nARG V=3.19\nFROM alpine:3.20\nARG V=3.20')).toEqual([
      'Declare ARG V before the first FROM (no default is known: pass it with --build-arg V=<value>)',
    ]);
    expect(titles('FROM node:${NODE_VERSION}\nARG NODE_VERSION=22')).toEqual(['Declare ARG NODE_VERSION before the first FROM']);
    expect(titles('FROM alpine:${TAG:-3.20}')).toEqual(['Declare ARG TAG before the first FROM']);
    expect(expectFixResolves(rule, 'FROM alpine:${ALPINE_VERSION}\nRUN true')).toBe('ARG ALPINE_VERSION\nFROM alpine:${ALPINE_VERSION}\nRUN true');
  });

  it('works with a Windows escape', () => {
    expectFindings(rule, '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:$WIN', [{ line: 2, data: { name: 'WIN' } }]);
  });
});
