/*
 * Image references as the distribution reference grammar reads them
 * (`[registry/]path[:tag][@digest]`), enough to tell "golang:1.22" from a
 * misspelt stage name and to see whether a tag is pinned.
 */

export interface ImageReference {
  /** The registry host when the first path part names one (has `.` or `:`, or is `localhost`). */
  registry: string | null;
  /** The path without registry, e.g. `library/golang` written as `golang`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

const referencePattern =
  /^(?:([a-zA-Z0-9.-]+(?::\d+)?)\/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/;

/** Parses an image reference; null when the text is not one. */
export function parseImageReference(text: string): ImageReference | null {
  const match = referencePattern.exec(text);
  if (!match) return null;
  let [, host, repository] = match;
  const [, , , tag, digest] = match;
  if (host && !/[.:]/.test(host) && host !== 'localhost') {
    // `team/app`: the first part is a path component, not a registry.
    repository = `${host}/${repository}`;
    host = '';
  }
  return { registry: host || null, repository, tag: tag ?? null, digest: digest ?? null };
}

/**
 * True when the text can only be meant as an image: it has a registry, a tag,
 * a digest or a slash. A bare word like `builder` could be a misspelt stage.
 */
export function looksLikeImageReference(text: string): boolean {
  const reference = parseImageReference(text);
  if (!reference) return false;
  return (
    reference.registry !== null ||
    reference.tag !== null ||
    reference.digest !== null ||
    reference.repository.includes('/')
  );
}

/** The last path part of the repository, lower-cased: `golang` for `docker.io/library/golang:1.22`. */
export function imageName(reference: ImageReference): string {
  const parts = reference.repository.split('/');
  return parts[parts.length - 1].toLowerCase();
}

/** The hosts Docker Hub is pulled from; an image without a registry comes from there too. */
export const dockerHubRegistries: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
