/*
 * BuildKit names the vertexes of a Dockerfile build after the instruction
 * they run: `[build 3/5] RUN make`, `[linux/arm64 runtime 2/4] COPY ...`,
 * `[stage-1 1/2] FROM docker.io/library/busybox:1.36`; in a file of one
 * stage the name is left out: `[2/3] RUN make`. Internal work is
 * `[internal] load build context` and friends. This reads the stage and
 * position back out.
 */

export interface VertexPlace {
  /** The stage name, or `stage-N` for an unnamed stage; null when BuildKit leaves it out (a single-stage file). */
  stage: string | null;
  /** 1-based instruction position in the stage (1 = FROM). */
  step: number;
  total: number;
  /** e.g. `linux/arm64` for multi-platform builds. */
  platform: string | null;
  /** The instruction as BuildKit prints it. */
  instruction: string;
}

const pattern = /^\[(?:(?<platform>[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?) )?(?:(?<stage>\S+) )?(?<step>\d+)\/(?<total>\d+)\] (?<instruction>[\s\S]*)$/;

/** Where a vertex sits in the Dockerfile; null for internal vertexes. */
export function vertexPlace(name: string): VertexPlace | null {
  const match = pattern.exec(name);
  if (!match?.groups) return null;
  const { platform, stage, step, total, instruction } = match.groups;
  return { stage: stage ?? null, step: Number(step), total: Number(total), platform: platform ?? null, instruction };
}
