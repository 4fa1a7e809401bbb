/**
 * The registry host of an image reference or repository, as Docker reads it:
 * the first path component when it has a dot or a port or is `localhost`,
 * otherwise Docker Hub (`docker.io`).
 */
export function registryHostOf(reference: string): string {
  const first = reference.split('/')[0];
  if (reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first.toLowerCase();
  return 'docker.io';
}

/** A repository's registry host and its path there (`registry.example.com/team/app` → `team/app`). */
export function splitRepository(repository: string): { host: string; path: string } {
  const host = registryHostOf(repository);
  return { host, path: host === 'docker.io' && !repository.startsWith('docker.io/') ? repository : repository.slice(host.length + 1) };
}
