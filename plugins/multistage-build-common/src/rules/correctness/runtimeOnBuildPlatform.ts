/*
 * `FROM --platform=$BUILDPLATFORM` makes a stage run on the build machine's
 * platform: the point of a cross-compiling build stage, which runs natively
 * and writes binaries for $TARGETPLATFORM. In a stage the shipped image is
 * built FROM, it is a mistake: `docker buildx build --platform
 * linux/amd64,linux/arm64` then ships the build machine's base image and
 * binaries under every platform's manifest, and the arm64 image fails with
 * `exec format error`. Stages that are only copied from are not judged.
 * A stage on `scratch` or on a base with no executables (distroless and
 * Chainguard `static`, not their `debug`/`dev` tags) that only receives
 * files (no RUN in it or in the shipped stages built on it) holds whatever
 * its COPY lines bring, typically binaries built for the target, so it is
 * left alone. A stage built FROM another stage
 * takes that stage's platform; its base stage is judged instead.
 * The fix drops the flag: a stage without one builds for the target platform.
 */
import { parseImageReference } from '../../stages/imageReference';
import type { Stage } from '../../stages/types';
import { stageLabel } from '../shared/stageLabel';
import { defineRule } from '../types';

/** `$BUILDPLATFORM`, `${BUILDPLATFORM}` (with a default), or `$BUILDOS/$BUILDARCH[/$BUILDVARIANT]`. */
const variable = (name: string) => String.raw`(\$${name}|\$\{${name}(:?[-=][^}]*)?\})`;
const buildPlatform = new RegExp(
  `^(${variable('BUILDPLATFORM')}|${variable('BUILDOS')}/${variable('BUILDARCH')}(/${variable('BUILDVARIANT')})?)$`,
);

/** Bases that hold files but no executables: certificates, time zones, passwd. */
function hasNoExecutables(stage: Stage): boolean {
  if (stage.baseKind === 'scratch') return true;
  const reference = parseImageReference(stage.resolvedBase);
  if (!reference || /debug|(^|-)dev$/.test(reference.tag ?? '')) return false;
  const image = `${reference.registry ?? ''}/${reference.repository}`;
  return /^gcr\.io\/distroless\/static(-debian\d+)?$/.test(image) || image === 'cgr.dev/chainguard/static';
}

/** A stage that only receives files on a base without executables: nothing in it, or in the shipped stages built on it, runs. */
function onlyReceivesFiles(stage: Stage, builtOnIt: Stage[]): boolean {
  return hasNoExecutables(stage) && [stage, ...builtOnIt].every(s => s.instructions.every(i => i.keyword !== 'RUN'));
}

export const runtimeOnBuildPlatform = defineRule<{ stage: string; platform: string }>({
  id: 'runtime-on-build-platform',
  severity: 'warning',
  category: 'correctness',
  description:
    "A stage of the shipped image is built FROM --platform=$BUILDPLATFORM, so every platform gets the build machine's binaries.",
  message: ({ stage, platform }) =>
    `${stage} is part of the shipped image but is built FROM --platform=${platform}, so a multi-platform build ships ` +
    `the build machine's base and binaries for every platform; drop the flag (or use $TARGETPLATFORM)`,
  check: context => {
    if (!context.shipsImage) return [];
    const shipped = context.shippedStages;
    return shipped
      .map((stage, at) => ({ stage, builtOnIt: shipped.slice(0, at) }))
      .filter(({ stage }) => stage.baseKind !== 'stage' && buildPlatform.test(stage.platform ?? ''))
      .filter(({ stage, builtOnIt }) => !onlyReceivesFiles(stage, builtOnIt))
      .reverse()
      .map(({ stage }) => ({
        line: stage.line,
        endLine: stage.instructions[0].endLine,
        stage: stage.index,
        data: { stage: stageLabel(stage), platform: stage.platform ?? '' },
      }));
  },
  fix: (context, problem) => {
    const from = context.instructionAt(problem.line);
    const flagAt = from?.flags.findIndex(f => f.startsWith('--platform=')) ?? -1;
    if (!from || flagAt < 0 || from.flagLines[flagAt] !== from.line) return null;
    const line = context.lines[from.line - 1];
    const flag = from.flags[flagAt];
    const at = line.indexOf(flag);
    if (at < 0 || line.indexOf(flag, at + 1) >= 0 || !/[ \t]/.test(line[at + flag.length] ?? '')) return null;
    const text = line.slice(0, at) + line.slice(at + flag.length).replace(/^[ \t]+/, '');
    return {
      title: `Drop --platform=${problem.data.platform}`,
      edits: [{ line: from.line, endLine: from.line, text }],
    };
  },
});
