import { leavesRepository, repositoryLocation } from './repositoryLocation';

const at = (url: string, kind?: string) => repositoryLocation(new URL(url), kind);

describe('repositoryLocation', () => {
  it('reads repository, ref and path the way each host lays out its URLs', () => {
    expect(at('https://github.com/acme/shop/blob/main/svc/Dockerfile', 'github')).toMatchObject({
      repository: 'acme/shop', ref: 'main', path: 'svc/Dockerfile',
    });
    expect(at('https://gitlab.example.com/acme/platform/shop/-/blob/v2/svc/Dockerfile', 'gitlab')).toMatchObject({
      repository: 'acme/platform/shop', ref: 'v2', path: 'svc/Dockerfile',
    });
    expect(at('https://dev.azure.com/acme/Shop/_git/shop?path=/svc/Dockerfile&version=GBmain', 'azure')).toMatchObject({
      repository: 'acme/Shop/shop', ref: 'GBmain', path: 'svc/Dockerfile',
    });
    expect(at('https://bitbucket.example.com/projects/ACME/repos/shop/browse/svc/Dockerfile?at=refs/heads/main', 'bitbucketServer')).toMatchObject({
      repository: 'ACME/shop', ref: 'refs/heads/main', path: 'svc/Dockerfile',
    });
    expect(at('https://bitbucket.org/acme/shop/src/main/svc/Dockerfile', 'bitbucketCloud')).toMatchObject({
      repository: 'acme/shop', ref: 'main', path: 'svc/Dockerfile',
    });
  });
});

describe('leavesRepository', () => {
  const check = (base: string, target: string, kind?: string) => leavesRepository(new URL(base), new URL(target), kind);

  it('allows any path inside the same repository and ref', () => {
    expect(check('https://github.com/acme/shop/tree/main/svc/', 'https://github.com/acme/shop/blob/main/shared/Dockerfile', 'github')).toBeNull();
    expect(check('https://dev.azure.com/acme/Shop/_git/shop?path=/svc&version=GBmain', 'https://dev.azure.com/acme/Shop/_git/shop?path=/x/Dockerfile&version=GBmain', 'azure')).toBeNull();
  });

  it('refuses another repository, a GitLab sibling that shares a prefix, another ref, host or scheme', () => {
    expect(check('https://github.com/acme/shop/tree/main/svc/', 'https://github.com/other-org/private-repo/blob/main/Dockerfile', 'github')).toBe(
      'it points into another repository (other-org/private-repo)',
    );
    // A string prefix would let `shop-secrets` through; the repository comparison does not.
    expect(check('https://gitlab.example.com/acme/shop/-/tree/main/', 'https://gitlab.example.com/acme/shop-secrets/-/blob/main/Dockerfile', 'gitlab')).toBe(
      'it points into another repository (acme/shop-secrets)',
    );
    expect(check('https://bitbucket.example.com/projects/A/repos/r/browse/svc?at=main', 'https://bitbucket.example.com/projects/A/repos/r/browse/Dockerfile?at=release', 'bitbucketServer')).toBe(
      'it points at another ref (release instead of main)',
    );
    expect(check('https://github.com/acme/shop/tree/main/', 'https://internal.example.com/admin', 'github')).toBe('it points at another host (internal.example.com)');
    expect(check('https://git.example.com/a/', 'http://git.example.com/a/Dockerfile')).toBe('it changes the scheme from https: to http:');
  });

  it('keeps a host without an integration to the source directory', () => {
    expect(check('https://files.example.com/svc/', 'https://files.example.com/svc/docker/Dockerfile')).toBeNull();
    expect(check('https://files.example.com/svc/', 'https://files.example.com/other/Dockerfile')).toBe('it leaves the source directory (/svc/)');
  });
});
