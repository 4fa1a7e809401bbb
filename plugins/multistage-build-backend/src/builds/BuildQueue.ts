/*
 * Runs build tasks with at most `concurrency` at a time, in the order they
 * were queued. A task gets an AbortSignal: cancelling a queued task removes
 * it, cancelling a running one aborts its signal. A task that throws never
 * stops the queue.
 */

export type BuildTask = (signal: AbortSignal) => Promise<void>;

export type CancelOutcome = 'dequeued' | 'aborted' | 'unknown';

export class BuildQueue {
  private readonly waiting: { id: string; task: BuildTask }[] = [];
  private readonly running = new Map<string, AbortController>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new Error(`build concurrency must be a whole number of at least 1, got ${concurrency}`);
    }
  }

  enqueue(id: string, task: BuildTask): void {
    this.waiting.push({ id, task });
    this.pump();
  }

  cancel(id: string): CancelOutcome {
    const index = this.waiting.findIndex(w => w.id === id);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      this.settleIfIdle();
      return 'dequeued';
    }
    const controller = this.running.get(id);
    if (controller) {
      controller.abort();
      return 'aborted';
    }
    return 'unknown';
  }

  get stats() {
    return { running: this.running.size, waiting: this.waiting.length, concurrency: this.concurrency };
  }

  /** Resolves once nothing runs or waits (for shutdown and tests). */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private pump() {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const { id, task } = this.waiting.shift()!;
      const controller = new AbortController();
      this.running.set(id, controller);
      task(controller.signal)
        .catch(() => {
          // Tasks record their own failures; a throw here must not stall the queue.
        })
        .finally(() => {
          this.running.delete(id);
          this.pump();
          this.settleIfIdle();
        });
    }
  }

  private settleIfIdle() {
    if (this.running.size === 0 && this.waiting.length === 0) {
      this.idleWaiters.splice(0).forEach(resolve => resolve());
    }
  }
}
