import { rollingBaseTag as rule, rollingChannelOf } from './rollingBaseTag';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe(rule.id, () => {
  it('fires on rolling channel tags in every stage, naming the stage', () => {
    const text = 'FROM rustlang/rust:nightly AS build\nRUN cargo build\nFROM alpine:edge\nCOPY --from=build /app /app';
    expectFindings(rule, text, [
      { line: 1, stage: 0, data: { stage: 'stage "build"', image: 'rustlang/rust:nightly', channel: 'nightly' } },
      { line: 3, stage: 1, data: { stage: 'stage 1', image: 'alpine:edge', channel: 'edge' } },
    ]);
    expectFindings(rule, 'FROM debian:sid\nFROM fedora:rawhide AS f\nFROM nginx:mainline', [
      { line: 1, data: { stage: 'stage 0', image: 'debian:sid', channel: 'sid' } },
      { line: 2, data: { stage: 'stage "f"', image: 'fedora:rawhide', channel: 'rawhide' } },
      { line: 3, data: { stage: 'stage 2', image: 'nginx:mainline', channel: 'mainline' } },
    ]);
  });

  it('reads ARG defaults, even in a stage the target does not need', () => {
    expectFindings(rule, 'ARG CHANNEL=testing\nFROM debian:${CHANNEL} AS tools\nFROM alpine:3.20 AS app', [
      { line: 2, stage: 0, data: { stage: 'stage "tools"', image: 'debian:testing', channel: 'testing' } },
    ], { target: 'app' });
  });

  it('does not fire on releases, latest, no tag, digests, stages, scratch or unresolved variables', () => {
    expectNoFindings(rule, 'FROM alpine:3.20 AS edge\nFROM edge\nFROM scratch\nFROM node\nFROM node:latest');
    expectNoFindings(rule, `FROM alpine:edge@${digest}\nFROM debian:sid@${digest}`);
    expectNoFindings(rule, 'ARG TAG\nFROM alpine:${TAG}\nFROM debian:${OTHER:-sid}');
    expectNoFindings(rule, 'FROM nvidia/cuda:12.2.0-devel-ubuntu22.04\nFROM node:22-bookworm-slim\nFROM team/devtools:1.0');
  });

  it('is silenced by an ignore comment and offers no fix', () => {
    expect(findingsOf(rule, 'FROM alpine:edge')[0].fix).toBeNull();
    expectNoFindings(rule, '# stagecraft ignore=rolling-base-tag\nFROM alpine:edge');
  });
});

describe('rollingChannelOf', () => {
  it.each([
    ['edge', 'edge'],
    ['Nightly', 'nightly'],
    ['nightly-bookworm-slim', 'nightly'],
    ['3.20-edge', 'edge'],
    ['canary', 'canary'],
    ['master', 'master'],
  ])('reads %s as the %s channel', (tag, channel) => {
    expect(rollingChannelOf(tag)).toBe(channel);
  });

  it.each(['3.20', 'latest', 'nightly-2024-05-01', 'edge-20240501', 'devel', '1.0-dev.3', 'main-abc123', 'testing-1.2', 'v2-preview'])(
    'reads %s as no rolling channel',
    tag => expect(rollingChannelOf(tag)).toBeNull(),
  );
});
