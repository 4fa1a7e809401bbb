/*
 * Reading versions and variants out of the input's base image tag, so the
 * output keeps what the user pinned: `node:20.11-alpine3.19` gives version
 * `20.11` and variant `-alpine3.19`. An untagged or `latest` image gets a
 * pinned default and a note.
 */
import type { SourceFacts } from './types';

export interface TagParts {
  /** The version at the front of the tag, e.g. `20.11`, or the default. */
  version: string;
  /** The rest of the tag with its leading dash, e.g. `-alpine3.19`; empty when none. */
  variant: string;
}

/** Splits the base image tag; `defaultVersion` stands in when the tag has no version. */
export function splitTag(facts: SourceFacts, defaultVersion: string, notes: string[]): TagParts {
  const { image, path } = facts;
  if (image.digest) {
    notes.push(`${path}:${image.line}: the digest of ${image.text} was dropped; the output pins by tag. Pin digests again if you need them.`);
  }
  const tag = image.tag;
  if (!tag || tag === 'latest') {
    notes.push(`${path}:${image.line}: ${image.text} has no version tag; pinned to ${image.repository}:${defaultVersion}.`);
    return { version: defaultVersion, variant: '' };
  }
  const match = /^(\d+(?:\.\d+)*|lts|current)(.*)$/i.exec(tag);
  if (match) return { version: match[1], variant: match[2] };
  notes.push(`${path}:${image.line}: the tag "${tag}" names no version; pinned to version ${defaultVersion}.`);
  return { version: defaultVersion, variant: `-${tag}` };
}

/** True for Alpine-based variants. */
export function isAlpine(variant: string): boolean {
  return /alpine/i.test(variant);
}

/** The Debian release a variant names (`-bookworm`, `-slim-bullseye`), bookworm by default. */
export function debianRelease(variant: string): string {
  return /(buster|bullseye|bookworm|trixie)/i.exec(variant)?.[1].toLowerCase() ?? 'bookworm';
}

/** The Alpine image for an Alpine variant: `alpine:3.19` for `-alpine3.19`. */
export function alpineImage(variant: string): string {
  const version = /alpine(\d+\.\d+)/i.exec(variant)?.[1];
  return `alpine:${version ?? '3.20'}`;
}

/** A pinned slim Debian image for native binaries. */
export function debianSlimImage(variant: string): string {
  return `debian:${debianRelease(variant)}-slim`;
}
