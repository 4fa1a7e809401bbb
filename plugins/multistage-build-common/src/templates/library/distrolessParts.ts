/*
 * The runtime stage of the compiled templates that ship one binary on a
 * distroless image (Go, Rust): the binary, the nonroot user, and a
 * HEALTHCHECK that runs the binary itself, since the image has no shell or
 * curl.
 */
import { copyTestMarker, healthTiming, jsonArray, stageComment } from '../dockerfileParts';
import type { TemplateStage } from '../types';

export function distrolessRuntimeLines(options: {
  stages: TemplateStage[];
  /** The global ARG naming the runtime image. */
  imageArg: string;
  /** Where the build stage left the binary, and where it goes in the image. */
  built: string;
  installed: string;
  /** The flag that makes the binary probe the running service. */
  probeFlag: string;
  port: number;
}): string[] {
  const { installed, port } = options;
  return [
    stageComment(options.stages, 'runtime'),
    `FROM \${${options.imageArg}} AS runtime`,
    copyTestMarker('test'),
    `COPY --from=build ${options.built} ${installed}`,
    '# The nonroot user of the distroless images.',
    'USER 65532:65532',
    `ENV PORT=${port}`,
    `EXPOSE ${port}`,
    `HEALTHCHECK ${healthTiming} CMD ${jsonArray([installed, options.probeFlag])}`,
    `ENTRYPOINT ${jsonArray([installed])}`,
  ];
}
