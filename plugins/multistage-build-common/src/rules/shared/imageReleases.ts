/*
 * Which runtime and distribution releases an image tag names: `node:16-alpine3.18`
 * is Node.js 16 on Alpine 3.18, `python:3.8-slim-buster` is Python 3.8 on
 * Debian 10. Only images whose tag scheme is known are read (Docker Official
 * Images, Microsoft's .NET images, Amazon's Corretto mirror), and only tags
 * that say the release outright: `node:lts`, `python:3` or a custom image's
 * `1.0-buster` say nothing this table can trust.
 */
import { dockerHubRegistries, type ImageReference } from '../../stages/imageReference';
import { endOfLifeRelease, type EndOfLifeProductId, type EndOfLifeRelease } from './endOfLifeReleases';

export interface ImageRelease {
  product: EndOfLifeProductId;
  release: EndOfLifeRelease;
}

/** How an image's tag starts with its own release: the product and the pattern whose group 1 is the cycle. */
interface LeadingVersion {
  product: EndOfLifeProductId;
  pattern: RegExp;
}

const major = /^(\d+)(?=$|[-._u])/;
const leadingVersions: Record<string, LeadingVersion> = {
  node: { product: 'nodejs', pattern: /^(\d+)(?:\.\d+){0,2}(?=-|$)/ },
  python: { product: 'python', pattern: /^(\d+\.\d+)(?:\.\d+)?(?=-|$)/ },
  golang: { product: 'go', pattern: /^(1\.\d+)(?:\.\d+)?(?=-|$)/ },
  'eclipse-temurin': { product: 'eclipse-temurin', pattern: major },
  amazoncorretto: { product: 'amazon-corretto', pattern: major },
  openjdk: { product: 'openjdk-builds-from-oracle', pattern: major },
  debian: { product: 'debian', pattern: /^(\d+)(?:\.\d+)?(?=-|$)/ },
  ubuntu: { product: 'ubuntu', pattern: /^(\d{2}\.\d{2})(?=-|$)/ },
  alpine: { product: 'alpine-linux', pattern: /^(\d+\.\d+)(?:\.\d+)?(?=-|$)/ },
  dotnet: { product: 'dotnet', pattern: /^(\d+\.\d+)(?:\.\d+)?(?=-|$)/ },
};

/**
 * The key into `leadingVersions` for images whose tags follow a known scheme,
 * `official` for any other Docker Official Image (its tags still name the
 * distribution: `ruby:3.1-bullseye`), or null.
 */
function imageFamily(reference: ImageReference): string | null {
  const { registry, repository } = reference;
  if (registry === 'mcr.microsoft.com') {
    return /^dotnet\/(core\/)?(sdk|aspnet|runtime|runtime-deps)$/.test(repository) ? 'dotnet' : null;
  }
  if (registry === 'public.ecr.aws' && repository === 'amazoncorretto/amazoncorretto') return 'amazoncorretto';
  // Official images, also through a mirror that keeps their path (`mirror.gcr.io/library/node`).
  const official = /^(?:(?:docker\/)?library\/)?([a-z0-9][a-z0-9._-]*)$/.exec(repository);
  if (!official) return null;
  if (registry !== null && !dockerHubRegistries.has(registry) && !repository.includes('library/')) return null;
  return official[1] in leadingVersions ? official[1] : 'official';
}

/** The distribution a tag part names: `buster`, `jammy`, `alpine3.18`. */
function distributionOf(part: string): ImageRelease | null {
  for (const product of ['debian', 'ubuntu'] as const) {
    const release = /^[a-z]+$/.test(part) ? endOfLifeRelease(product, part) : undefined;
    if (release) return { product, release };
  }
  const alpine = /^alpine(\d+\.\d+)$/.exec(part);
  const release = alpine ? endOfLifeRelease('alpine-linux', alpine[1]) : undefined;
  return release ? { product: 'alpine-linux', release } : null;
}

/** The releases an image's tag names, the image's own first; empty when it names none the table knows. */
export function releasesOfImage(reference: ImageReference): ImageRelease[] {
  const family = reference.tag === null ? null : imageFamily(reference);
  if (family === null) return [];
  const tag = reference.tag!.toLowerCase();
  const found: ImageRelease[] = [];
  const add = (item: ImageRelease | null) => {
    if (item && !found.some(f => f.product === item.product && f.release === item.release)) found.push(item);
  };
  const leading = leadingVersions[family];
  if (leading) {
    const match = leading.pattern.exec(tag);
    // Node.js LTS lines go by name too: `node:hydrogen-alpine`.
    const cycle = match?.[1] ?? (family === 'node' ? tag.split('-')[0] : undefined);
    // endoflife.date names .NET 5 and later by major version: `8.0` is cycle `8`.
    const key = family === 'dotnet' && cycle !== undefined && /^([5-9]|\d{2,})\.0$/.test(cycle) ? cycle.slice(0, -2) : cycle;
    const release = key === undefined ? undefined : endOfLifeRelease(leading.product, key);
    if (release) add({ product: leading.product, release });
  }
  for (const part of tag.split('-')) add(distributionOf(part));
  return found;
}
