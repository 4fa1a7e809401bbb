import { untrustedRegistry as rule } from './untrustedRegistry';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const trustedRegistries = ['ghcr.io', 'registry.example.com:5000'];

describe(rule.id, () => {
  it('fires on bases from registries outside the configured list, Docker Hub included', () => {
    expectFindings(
      rule,
      'FROM golang:1.23 AS build\nFROM quay.io/prometheus/busybox:latest\nFROM ghcr.io/org/app:1',
      [
        { line: 1, data: { image: 'golang:1.23', registry: 'docker.io', stage: 'stage "build"', trusted: trustedRegistries } },
        { line: 2, data: { image: 'quay.io/prometheus/busybox:latest', registry: 'quay.io', stage: 'stage 1', trusted: trustedRegistries } },
      ],
      { trustedRegistries },
    );
  });

  it('resolves ARG defaults and skips stages, scratch and open variables', () => {
    expectNoFindings(
      rule,
      'ARG BASE=ghcr.io/org/base:1\nARG OPEN\nFROM ${BASE} AS base\nFROM base\nFROM scratch\nFROM ${OPEN}\nFROM registry.example.com:5000/x:1',
      { trustedRegistries },
    );
  });

  it('treats docker.io and its aliases as one registry', () => {
    expectNoFindings(rule, 'FROM golang:1.23\nFROM docker.io/library/alpine:3.20', { trustedRegistries: ['index.docker.io'] });
  });

  it('reports nothing without a configured list', () => {
    expectNoFindings(rule, 'FROM quay.io/org/app:1');
  });
});
