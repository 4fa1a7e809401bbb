import { imageName, looksLikeImageReference, parseImageReference } from './imageReference';

describe('parseImageReference', () => {
  it.each([
    ['golang:1.22', { registry: null, repository: 'golang', tag: '1.22', digest: null }],
    ['alpine', { registry: null, repository: 'alpine', tag: null, digest: null }],
    ['team/app:v1', { registry: null, repository: 'team/app', tag: 'v1', digest: null }],
    ['ghcr.io/org/app', { registry: 'ghcr.io', repository: 'org/app', tag: null, digest: null }],
    ['localhost:5000/app:dev', { registry: 'localhost:5000', repository: 'app', tag: 'dev', digest: null }],
    [
      `busybox@sha256:${'a'.repeat(64)}`,
      { registry: null, repository: 'busybox', tag: null, digest: `sha256:${'a'.repeat(64)}` },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it('refuses what is no reference', () => {
    expect(parseImageReference('Builder')).toBeNull();
    expect(parseImageReference('${BASE}')).toBeNull();
    expect(parseImageReference('a:b:c')).toBeNull();
  });
});

describe('looksLikeImageReference', () => {
  it('needs a registry, tag, digest or slash', () => {
    expect(looksLikeImageReference('builder')).toBe(false);
    expect(looksLikeImageReference('node:22')).toBe(true);
    expect(looksLikeImageReference('org/tool')).toBe(true);
    expect(looksLikeImageReference('registry.example.com/x')).toBe(true);
  });
});

describe('imageName', () => {
  it('is the last path part', () => {
    expect(imageName(parseImageReference('docker.io/library/golang:1.22')!)).toBe('golang');
  });
});
