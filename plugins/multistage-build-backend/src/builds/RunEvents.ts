/*
 * Live events of running builds, for the Server-Sent Events route. In
 * process: a subscriber connected to another backend replica sees the stored
 * state and then polls (see the router).
 */
import { EventEmitter } from 'node:events';
import type { BuildEvent } from '@stagecraft/plugin-multistage-build-common';

export class RunEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open browser tab; many tabs may watch one build.
    this.emitter.setMaxListeners(0);
  }

  publish(runId: string, event: BuildEvent): void {
    this.emitter.emit(runId, event);
  }

  /** Calls `listener` with every event of the run until the returned function is called. */
  subscribe(runId: string, listener: (event: BuildEvent) => void): () => void {
    this.emitter.on(runId, listener);
    return () => this.emitter.off(runId, listener);
  }
}
