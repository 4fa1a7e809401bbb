/*
 * After a successful build: push the image under each tag. A run of one
 * platform pushes its image through the engine under every tag. A run of
 * several pushes each platform's image (tagged `<first tag>-<os>-<arch>`, as
 * the engine pushes only tagged images), then puts a manifest list naming all
 * of them under every tag through the registry API, since the engine cannot
 * make one.
 */
import type { PushedImage, PushSettings } from '@stagecraft/plugin-multistage-build-common';
import { BuildCancelledError, type Engine } from '../engine/Engine';
import { RegistryClient } from '../engine/RegistryClient';
import type { BuildAccess } from './BuildAccess';
import { splitRepository } from './imageRepository';

/** The tag one platform's image is pushed under in a run of several: `<first tag>-<os>-<arch>[-<variant>]`. */
export function platformTag(firstTag: string, platform: string): string {
  return `${firstTag}-${platform.replace(/\//g, '-')}`;
}

export interface BuiltImage {
  /** As requested; null when the run asked for the engine's own platform. */
  platform: string | null;
  imageId: string;
}

export async function pushImages(options: {
  engine: Engine;
  access: BuildAccess;
  push: PushSettings;
  tags: string[];
  images: BuiltImage[];
  /** The engine's own platform, recorded for an image built without one. */
  enginePlatform: string;
  entityRef: string;
  /** Stops between pushes (a cancel or the build's time limit). */
  signal: AbortSignal;
}): Promise<PushedImage> {
  const { engine, push, tags, images, signal } = options;
  const auth = options.access.pushAuth(push.repository, options.entityRef);
  const pushOne = (imageId: string, tag: string) => {
    if (signal.aborted) throw new BuildCancelledError();
    return engine.push(imageId, { repository: push.repository, tag, auth });
  };
  if (images.length === 1) {
    const [image] = images;
    let digest = '';
    for (const tag of tags) digest = (await pushOne(image.imageId, tag)).digest;
    return { repository: push.repository, tags, digest, platforms: [{ platform: image.platform ?? options.enginePlatform, digest }] };
  }

  const { host, path } = splitRepository(push.repository);
  const registry = options.access.registry(host);
  const client = new RegistryClient({ host, insecure: registry?.insecure ?? false, auth });
  const manifests = [];
  for (const image of images) {
    const platform = image.platform!;
    const pushed = await pushOne(image.imageId, platformTag(tags[0], platform));
    manifests.push({ ...(await client.manifest(path, pushed.digest)), platform });
  }
  let digest = '';
  for (const tag of tags) {
    if (signal.aborted) throw new BuildCancelledError();
    digest = await client.putManifestList(path, tag, manifests);
  }
  return { repository: push.repository, tags, digest, platforms: manifests.map(m => ({ platform: m.platform, digest: m.digest })) };
}
