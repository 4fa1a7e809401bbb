/*
 * An engine that replays a recorded /build stream (engine/__fixtures__/*.jsonl,
 * recorded from dockerd 20.10 with BuildKit) through the same stream reader as
 * DockerEngine, one message per tick. For unit tests of the build flow; the
 * engine tests run the same flow against the real engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildStreamReader } from '../engine/BuildStreamReader';
import {
  BuildCancelledError,
  type BuildCacheUsage,
  type BuildRequest,
  type BuildResult,
  type BuildStreamMessage,
  type Engine,
  type EngineVersion,
} from '../engine/Engine';

export function recordedStream(fixture: string): BuildStreamMessage[] {
  return readFileSync(join(__dirname, '../engine/__fixtures__', fixture), 'utf8')
    .trim()
    .split('\n')
    .map(line => JSON.parse(line) as BuildStreamMessage);
}

export class RecordedEngine implements Engine {
  readonly endpoint = 'recorded://fixture';
  readonly tls = false;
  /** Every build request, as the build path made it. */
  readonly requests: BuildRequest[] = [];
  readonly cancelled: string[] = [];

  /**
   * @param streams - one recorded stream per build, in order; the last repeats
   * @param holdAfter - stop after this many messages of each stream until the request is aborted (a build that runs on)
   */
  constructor(
    private readonly streams: BuildStreamMessage[][],
    private readonly options: { holdAfter?: number; imageSize?: number } = {},
  ) {}

  async version(): Promise<EngineVersion> {
    return { version: 'recorded', apiVersion: '1.41', platform: 'linux/amd64' };
  }

  async build(request: BuildRequest): Promise<BuildResult> {
    const stream = this.streams[Math.min(this.requests.length, this.streams.length - 1)];
    this.requests.push(request);
    // The context is read by the engine: drain it as dockerd would.
    request.context?.resume();
    const reader = new BuildStreamReader({ onStatus: request.onStatus, onMessage: request.onMessage });
    for (const [i, message] of stream.entries()) {
      if (this.options.holdAfter !== undefined && i === this.options.holdAfter) {
        await new Promise<void>(resolvePromise => {
          if (request.signal?.aborted) resolvePromise();
          request.signal?.addEventListener('abort', () => resolvePromise(), { once: true });
        });
      }
      if (request.signal?.aborted) throw new BuildCancelledError();
      reader.push(message);
      await new Promise(resolvePromise => setImmediate(resolvePromise));
    }
    return reader.result();
  }

  async cancelBuild(buildId: string): Promise<void> {
    this.cancelled.push(buildId);
  }

  async imageSize(): Promise<number> {
    return this.options.imageSize ?? 7_340_032;
  }

  /** Pushes are tested against the real registry; a recorded build pushes nothing. */
  async push(): Promise<never> {
    throw new Error('RecordedEngine does not push');
  }

  async removeUntaggedImage(): Promise<boolean> {
    return true;
  }

  async imageLayers(): Promise<{ createdBy: string; sizeBytes: number }[]> {
    return [];
  }

  async buildCacheUsage(): Promise<BuildCacheUsage> {
    return { records: 0, sizeBytes: 0, reclaimableBytes: 0 };
  }

  async pruneBuildCache(): Promise<number> {
    return 0;
  }
}
