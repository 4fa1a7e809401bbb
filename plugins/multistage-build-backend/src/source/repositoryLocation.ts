/*
 * Which repository and ref a source URL points into, for the hosts Backstage
 * integrates with. Comparing these, not string prefixes, is what keeps an
 * entity's Dockerfile inside its own repository: a prefix check is wrong for
 * GitLab subgroups (`group/sub/project/-/blob/...`), Azure's `?path=` and
 * `?version=`, and Bitbucket Server's `?at=`.
 */

/** Where a URL points: the host's repository, the ref, and the path inside. */
export interface RepositoryLocation {
  /** `https://host` */
  origin: string;
  /** The repository as the host names it (`owner/repo`, `group/sub/project`, `org/project/repo`); null when unknown. */
  repository: string | null;
  /** The branch, tag or commit; null when the URL names none. */
  ref: string | null;
  /** The path inside the repository (or, for unknown hosts, the URL's path). */
  path: string;
}

/** The kinds of host Backstage's SCM integrations know, as `ScmIntegrations.byUrl(url)?.type` names them. */
export type HostKind = 'github' | 'gitlab' | 'bitbucketServer' | 'bitbucketCloud' | 'azure' | string | undefined;

const segmentsOf = (pathname: string) => pathname.split('/').filter(Boolean).map(decodeURIComponent);

export function repositoryLocation(url: URL, kind: HostKind): RepositoryLocation {
  const origin = url.origin;
  const parts = segmentsOf(url.pathname);
  switch (kind) {
    case 'github': {
      // /owner/repo/(blob|tree|raw)/ref/path...
      const [owner, repo, mode, ref, ...path] = parts;
      const known = mode === 'blob' || mode === 'tree' || mode === 'raw';
      return { origin, repository: owner && repo ? `${owner}/${repo}` : null, ref: known ? ref ?? null : null, path: known ? path.join('/') : '' };
    }
    case 'gitlab': {
      // /group/sub/project/-/(blob|tree|raw)/ref/path...
      const dash = parts.indexOf('-');
      if (dash < 0) return { origin, repository: parts.join('/') || null, ref: null, path: '' };
      const [, ref, ...path] = parts.slice(dash + 1);
      return { origin, repository: parts.slice(0, dash).join('/'), ref: ref ?? null, path: path.join('/') };
    }
    case 'bitbucketServer': {
      // /projects/P/repos/R/browse/path?at=ref
      const [projects, project, repos, repo, , ...path] = parts;
      const repository = projects === 'projects' && repos === 'repos' ? `${project}/${repo}` : null;
      return { origin, repository, ref: url.searchParams.get('at'), path: path.join('/') };
    }
    case 'bitbucketCloud':
    case 'bitbucket': {
      // /workspace/repo/src/ref/path...
      const [workspace, repo, mode, ref, ...path] = parts;
      return { origin, repository: workspace && repo ? `${workspace}/${repo}` : null, ref: mode === 'src' ? ref ?? null : null, path: path.join('/') };
    }
    case 'azure': {
      // /org/project/_git/repo?path=/x&version=GBmain
      const git = parts.indexOf('_git');
      const repository = git > 0 ? [...parts.slice(0, git), parts[git + 1]].join('/') : null;
      const path = (url.searchParams.get('path') ?? '').replace(/^\/+/, '');
      return { origin, repository, ref: url.searchParams.get('version'), path };
    }
    default:
      return { origin, repository: null, ref: null, path: parts.join('/') };
  }
}

/**
 * Why `target` is not inside the repository and ref of `base`; null when it is.
 * For hosts without an integration, `target` must lie under `base`'s directory.
 */
export function leavesRepository(base: URL, target: URL, kind: HostKind): string | null {
  if (target.protocol !== base.protocol) return `it changes the scheme from ${base.protocol} to ${target.protocol}`;
  if (target.host !== base.host) return `it points at another host (${target.host})`;
  const from = repositoryLocation(base, kind);
  const to = repositoryLocation(target, kind);
  if (from.repository !== null) {
    if (to.repository !== from.repository) return `it points into another repository (${to.repository ?? 'unknown'})`;
    if (to.ref !== from.ref) return `it points at another ref (${to.ref ?? 'none'} instead of ${from.ref ?? 'none'})`;
    return null;
  }
  const directory = base.pathname.endsWith('/') ? base.pathname : base.pathname.replace(/[^/]*$/, '');
  if (!target.pathname.startsWith(directory)) return `it leaves the source directory (${directory})`;
  return null;
}
