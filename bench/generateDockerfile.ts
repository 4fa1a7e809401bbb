/*
 * Synthetic Dockerfiles for benchmarks and fuzzing: a file of N stages that
 * exercises every kind of edge (FROM a stage, COPY --from, RUN --mount from=,
 * shared cache mounts), global ARGs, heredocs and continuations, so the
 * analyser's cost is measured on the shapes real files have.
 */
export function generateManyStageDockerfile(stageCount: number): string {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG BASE_IMAGE=debian:bookworm-slim', 'ARG VERSION=1.0.0', ''];
  for (let i = 0; i < stageCount; i++) {
    const base = i > 0 && i % 5 === 0 ? `stage${i - 1}` : '${BASE_IMAGE}';
    lines.push(`FROM ${base} AS stage${i}`);
    lines.push('ARG VERSION');
    lines.push(`WORKDIR /work/${i}`);
    lines.push(`RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\`);
    lines.push(`    apt-get update && apt-get install -y --no-install-recommends curl \\`);
    lines.push(`    && echo "stage ${i} \${VERSION}" > /work/${i}/out.txt`);
    if (i > 1) lines.push(`COPY --from=stage${Math.floor(i / 2)} /work/${Math.floor(i / 2)}/out.txt ./from-${Math.floor(i / 2)}.txt`);
    if (i > 2 && i % 3 === 0) lines.push(`RUN --mount=type=bind,from=stage${i - 2},source=/work,target=/mnt ls /mnt`);
    if (i % 7 === 0) {
      lines.push('COPY <<EOF /etc/motd', `stage ${i}`, 'EOF');
    }
    lines.push(`ENV STAGE_${i}=${i}`);
    lines.push('');
  }
  lines.push(`FROM \${BASE_IMAGE} AS runtime`);
  lines.push(`COPY --from=stage${stageCount - 1} /work /work`);
  lines.push('USER 65532:65532');
  lines.push('CMD ["/bin/true"]');
  return `${lines.join('\n')}\n`;
}
