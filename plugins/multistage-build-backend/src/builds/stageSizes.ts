/*
 * The image size of each named stage a run's target needs: every such stage
 * is built as its own target (all from cache, so it costs seconds) and its
 * image measured. Exact, where summing layer sizes would count shared base
 * layers once per stage. The stage images are removed once measured (the
 * run's own image stays): each build used to leave three untagged images.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BuildRun, DockerfileAnalysisResponse } from '@stagecraft/plugin-multistage-build-common';
import type { Engine } from '../engine/Engine';
import type { SessionGrants } from '../engine/session/BuildkitSession';

export async function measureStageSizes(options: {
  engine: Engine;
  logger: LoggerService;
  described: DockerfileAnalysisResponse;
  context: { tar(): NodeJS.ReadableStream };
  dockerfile: string;
  config: BuildRun['config'];
  /** Every build arg of the run, the operators' defaults included. */
  buildArgs: Record<string, string>;
  signal: AbortSignal;
  /** The run's own image: never removed, even when a stage builds the same image. */
  keep: string;
  /** Masks secret values in what is logged. */
  mask: (text: string) => string;
  /** The run's session grants: its stages pull the same bases and mount the same secrets. */
  session?: SessionGrants;
}): Promise<Record<string, number>> {
  const { described } = options;
  const needed = described.stages.filter(
    s => s.name !== null && described.criticalPath.weights[s.index] !== undefined,
  );
  const sizes: Record<string, number> = {};
  for (const stage of needed) {
    if (options.signal.aborted) break;
    try {
      const { imageId } = await options.engine.build({
        context: options.context.tar(),
        dockerfile: options.dockerfile,
        target: stage.name!,
        buildArgs: options.buildArgs,
        platform: options.config.platforms[0],
        session: options.session,
        signal: options.signal,
      });
      sizes[stage.name!] = await options.engine.imageSize(imageId);
      if (imageId !== options.keep) await options.engine.removeUntaggedImage(imageId);
    } catch (e) {
      if (options.signal.aborted) break;
      // The engine's error may quote a command with the build args expanded.
      options.logger.info(`Could not measure stage ${stage.name}: ${options.mask((e as Error).message)}`);
    }
  }
  return sizes;
}
