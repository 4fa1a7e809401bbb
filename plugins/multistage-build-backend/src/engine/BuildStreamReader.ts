/*
 * Reads the engine's /build stream, message by message: BuildKit's trace
 * decoded for the caller, the image id, and the engine's error. The engine
 * does not fail the request when a build fails: the stream carries an error
 * line and ends, so the end is judged here.
 */
import type { BuildkitStatus } from './buildkitTrace';
import { decodeTrace, traceMessageId } from './buildkitTrace';
import { EngineBuildError, type BuildStreamMessage } from './Engine';

export class BuildStreamReader {
  private imageId: string | undefined;
  private failure: string | undefined;

  constructor(
    private readonly listeners: {
      onStatus?: (status: BuildkitStatus) => void;
      onMessage?: (message: BuildStreamMessage) => void;
    } = {},
  ) {}

  push(message: BuildStreamMessage): void {
    if (message.error || message.errorDetail) this.failure = message.errorDetail?.message ?? message.error;
    if (message.id === 'moby.image.id') this.imageId = (message.aux as { ID?: string } | undefined)?.ID;
    this.listeners.onMessage?.(message);
    if (message.id === traceMessageId && typeof message.aux === 'string' && this.listeners.onStatus) {
      this.listeners.onStatus(decodeTrace(message.aux));
    }
  }

  /** The built image once the stream has ended; the engine's error, or a missing image id, throws. */
  result(): { imageId: string } {
    if (this.failure !== undefined) throw new EngineBuildError(this.failure);
    if (!this.imageId) {
      throw new EngineBuildError(
        'the engine ended the build without an image id (the connection to the engine dropped, or the engine stopped)',
      );
    }
    return { imageId: this.imageId };
  }
}
