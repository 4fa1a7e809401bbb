import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  DEFAULT_DOCKERFILE_PATH,
  DOCKERFILE_ANNOTATION,
} from '@stagecraft/plugin-multistage-build-common';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { displayPath, resolveUnderAllowedRoots } from './allowedPath';
import { containedUrl, entitySource, type SourceReadOptions } from './entitySource';

/** A Dockerfile as read from an entity's source. */
export interface DockerfileText {
  /** The path relative to the entity's source location. */
  path: string;
  /** The URL it was read from, or a local path relative to its allowed root's parent. */
  location: string;
  text: string;
  /** For local sources: the directory the path is relative to (the build context). */
  localContextDir?: string;
  /** For remote sources that send one: pass it back to read only if it changed. */
  etag?: string;
}

/** How a Dockerfile's text is identified in runs and snapshots: `sha256:<hex>`. */
export function dockerfileDigest(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** The Dockerfile path an entity names, or the default. */
export function dockerfilePathOf(entity: Entity): string {
  const value = entity.metadata.annotations?.[DOCKERFILE_ANNOTATION]?.trim();
  return value ? value : DEFAULT_DOCKERFILE_PATH;
}

/** Refuses text that is too large or binary, saying which file and why. */
export function checkDockerfileText(options: {
  text: Buffer | string;
  where: string;
  maxBytes: number;
}): string {
  const { text, where, maxBytes } = options;
  const bytes = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  if (bytes > maxBytes) {
    throw new InputError(
      `${where}: the Dockerfile is ${bytes} bytes; the limit is ${maxBytes} (multistageBuild.maxDockerfileBytes)`,
    );
  }
  const str = typeof text === 'string' ? text : text.toString('utf8');
  const nul = str.indexOf('\u0000');
  if (nul >= 0) {
    const line = str.slice(0, nul).split('\n').length;
    throw new InputError(`${where}: line ${line} contains a NUL byte; this is not a text Dockerfile`);
  }
  return str;
}

/**
 * A remote file's bytes, refused as soon as they pass `maxBytes`: the
 * stream is stopped rather than buffered whole first.
 */
async function readAtMost(
  response: { buffer(): Promise<Buffer>; stream?(): NodeJS.ReadableStream },
  maxBytes: number,
  where: string,
): Promise<Buffer> {
  if (!response.stream) return response.buffer();
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = response.stream() as NodeJS.ReadableStream & { destroy?(): void };
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > maxBytes) {
      stream.destroy?.();
      throw new InputError(`${where}: the Dockerfile is more than ${maxBytes} bytes, the limit (multistageBuild.maxDockerfileBytes)`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads an entity's Dockerfile from its source location: through the
 * UrlReaderService for `url:` locations, from disk for `file:` locations that
 * lie under the allowed roots.
 */
export class DockerfileSource {
  constructor(
    private readonly options: SourceReadOptions & { maxDockerfileBytes: number },
  ) {}

  /**
   * The entity's Dockerfile. With `etag`, a remote source that has not changed
   * since throws the UrlReader's NotModifiedError instead of sending it again.
   */
  async read(entity: Entity, options: { etag?: string } = {}): Promise<DockerfileText> {
    const path = dockerfilePathOf(entity);
    const ref = stringifyEntityRef(entity);
    const source = entitySource(entity, `read '${path}' from`, this.options.integrations, {
      trustSourceLocation: this.options.trustSourceLocation,
    });

    if (source.type === 'file') {
      const { baseDir } = source;
      const file = await resolveUnderAllowedRoots({
        baseDir,
        relativePath: path,
        allowedRoots: this.options.allowedRoots,
        what: `${ref} annotation ${DOCKERFILE_ANNOTATION}`,
      });
      const shown = displayPath(file);
      const info = await stat(file.path).catch(() => undefined);
      if (!info?.isFile()) {
        throw new NotFoundError(`${ref}: no Dockerfile at '${path}' (looked for ${shown})`);
      }
      const text = checkDockerfileText({
        text: await readFile(file.path),
        where: `${ref} ${path}`,
        maxBytes: this.options.maxDockerfileBytes,
      });
      return { path, location: shown, text, localContextDir: baseDir };
    }

    if (source.type === 'url') {
      const url = containedUrl({
        baseUrl: source.baseUrl,
        path,
        integrations: this.options.integrations,
        what: `${ref} annotation ${DOCKERFILE_ANNOTATION}`,
      });
      const response = await this.options.urlReader.readUrl(url, options.etag ? { etag: options.etag } : undefined);
      const text = checkDockerfileText({
        text: await readAtMost(response, this.options.maxDockerfileBytes, `${ref} ${path}`),
        where: `${ref} ${path}`,
        maxBytes: this.options.maxDockerfileBytes,
      });
      return { path, location: url, text, ...(response.etag ? { etag: response.etag } : {}) };
    }

    throw new InputError(`${ref}: source location type '${source.kind}' is not supported`);
  }
}
