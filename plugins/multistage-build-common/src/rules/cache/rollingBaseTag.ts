/*
 * A tag such as `alpine:edge`, `debian:sid` or `rustlang/rust:nightly` is a
 * development channel, not a release: it is rebuilt from whatever the
 * project's main branch holds that day. Every pull can bring a different
 * compiler, libc or package set, so builds stop being reproducible and any
 * cached layer above FROM is thrown away whenever the channel moves. A build
 * stage on such a tag changes the build output too, so every stage counts.
 * `latest` and a missing tag are unpinned-base-image's; a digest pins the
 * exact image whatever its tag says.
 */
import { knownBaseImage } from '../shared/knownBaseImage';
import { stageLabel } from '../shared/stageLabel';
import { defineRule } from '../types';

interface Data {
  stage: string;
  image: string;
  channel: string;
}

/** Whole tags that name a moving development channel. */
const channelTags = new Set([
  'edge', 'nightly', 'rolling', 'sid', 'unstable', 'testing', 'canary', 'dev', 'main', 'master',
  'mainline', 'rawhide', 'tumbleweed', 'experimental', 'preview',
]);

/** `nightly-slim`, `bookworm-nightly`: a nightly or edge build in a variant. */
const channelVariant = /^(edge|nightly)-|-(edge|nightly)$/;

/** A dated build (`nightly-2024-05-01`, `edge-20240501`) is a snapshot, not the moving channel. */
const dated = /(19|20)\d{2}-?[01]\d-?[0-3]\d/;

/** The rolling channel a tag follows, or null for a release tag. */
export function rollingChannelOf(tag: string): string | null {
  const lower = tag.toLowerCase();
  if (channelTags.has(lower)) return lower;
  const variant = channelVariant.exec(lower);
  if (!variant || dated.test(lower)) return null;
  return variant[1] ?? variant[2];
}

export const rollingBaseTag = defineRule<Data>({
  id: 'rolling-base-tag',
  severity: 'warning',
  category: 'cache',
  description: 'A base image tag follows a rolling development channel (edge, nightly, sid, ...) rather than a release.',
  message: ({ stage, image, channel }) =>
    `\`${image}\` (the base of ${stage}) follows the rolling "${channel}" channel and changes under the same tag; pin a release tag or a digest`,
  check: context =>
    context.graph.stages.flatMap(stage => {
      const reference = knownBaseImage(context.graph, stage, context.parsed.escapeChar);
      if (!reference || reference.tag === null || reference.digest !== null) return [];
      const channel = rollingChannelOf(reference.tag);
      if (channel === null) return [];
      const from = stage.instructions[0];
      return [{
        line: from.line,
        endLine: from.endLine,
        stage: stage.index,
        data: { stage: stageLabel(stage), image: stage.resolvedBase, channel },
      }];
    }),
});
