/*
 * Runs Dockerfile analyses off the event loop. Every analysis the backend
 * makes (posted text, entity Dockerfiles, scaffolder input) is user input; on
 * the main thread one hostile file would hold up every request, health
 * checks included. Here each analysis runs in a worker thread with a time
 * budget and a memory ceiling: over either, the worker is stopped and
 * replaced, and the caller gets a 422 that names the limit.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  AnalysisLimitError,
  UnknownTargetError,
  type AnalysisLimits,
  type AnalysisReport,
  type AnalyzeOptions,
  type ConvertOptions,
  type ConvertResult,
  type DescribeOptions,
  type DockerfileAnalysisResponse,
} from '@stagecraft/plugin-multistage-build-common';
import { Worker } from 'node:worker_threads';
import { AnalysisRefusedError } from './AnalysisRefusedError';

/** How the pool runs; each has a config key under `multistageBuild.analysis` (see readAnalysisPoolOptions). */
export interface AnalysisPoolOptions {
  /** Worker threads at most. Default 2. */
  workers?: number;
  /** Milliseconds one analysis may run before its worker is stopped. Default 10,000. */
  timeoutMs?: number;
  /** Analyses that may wait for a worker; more are refused with a 503. Default 64. */
  maxQueued?: number;
  /** Heap ceiling of one worker, in MB. Default 512. */
  memoryMb?: number;
  /** Analysis limits over the defaults, applied to every analysis. */
  limits?: Partial<AnalysisLimits>;
}

type Task = 'describe' | 'analyze' | 'convert';

interface Job {
  id: number;
  task: Task;
  options: object;
  where: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Settles when the worker has loaded the analysis code. */
  ready: Promise<void>;
  job?: Job;
  timer?: NodeJS.Timeout;
}

interface WorkerError {
  name: string;
  message: string;
  limit?: keyof AnalysisLimits;
  max?: number;
  line?: number;
}

const workerEntry = () => resolvePackagePath('@stagecraft/plugin-multistage-build-node', 'worker/analysisWorker.js');

export class AnalysisPool {
  private readonly workers: number;
  private readonly timeoutMs: number;
  private readonly maxQueued: number;
  private readonly memoryMb: number;
  private readonly limits: Partial<AnalysisLimits>;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: AnalysisPoolOptions = {}) {
    this.workers = options.workers ?? 2;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxQueued = options.maxQueued ?? 64;
    this.memoryMb = options.memoryMb ?? 512;
    this.limits = options.limits ?? {};
  }

  /** The tab's analysis. `where` names the input in errors (`body.text`, a file path). */
  describe(options: DescribeOptions, where: string): Promise<DockerfileAnalysisResponse> {
    return this.run('describe', options, where) as Promise<DockerfileAnalysisResponse>;
  }

  /** The report alone. */
  analyze(options: Omit<AnalyzeOptions, 'rules'>, where: string): Promise<AnalysisReport> {
    return this.run('analyze', options, where) as Promise<AnalysisReport>;
  }

  /** Single-stage to multi-stage conversion. */
  convert(options: ConvertOptions, where: string): Promise<ConvertResult> {
    return this.run('convert', options, where) as Promise<ConvertResult>;
  }

  /** Analyses running and waiting now. */
  stats(): { running: number; waiting: number } {
    return { running: this.slots.filter(s => s.job).length, waiting: this.queue.length };
  }

  /** Stops every worker; waiting and running analyses fail with a 503. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ServiceUnavailableError('the analysis pool is shutting down'));
    await Promise.all(this.slots.splice(0).map(slot => this.stop(slot, new ServiceUnavailableError('the analysis pool is shutting down'))));
  }

  private run(task: Task, options: object, where: string): Promise<unknown> {
    if (this.closed) return Promise.reject(new ServiceUnavailableError('the analysis pool is shut down'));
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(
        new ServiceUnavailableError(
          `${this.maxQueued} analyses are already waiting (multistageBuild.analysis.maxQueued); try again shortly`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, options: { ...options, limits: this.limits }, where, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find(s => !s.job);
      if (!slot && this.slots.length < this.workers) {
        try {
          slot = this.spawn();
        } catch (e) {
          // No worker can be had (say, the entry file is missing): fail the job rather than keep it forever.
          this.queue.shift()!.reject(e as Error);
          continue;
        }
      }
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerEntry(), {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
      // The worker must not inherit the test runner's or CLI's stdin.
      stdin: false,
    });
    let loaded!: () => void;
    const slot: Slot = { worker, ready: new Promise<void>(resolvePromise => (loaded = resolvePromise)) };
    worker.unref();
    worker.on('message', (message: { ready?: boolean; id: number; result?: unknown; error?: WorkerError }) => {
      if (message.ready) {
        loaded();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.finish(slot);
      if (message.error) job.reject(this.toError(message.error, job.where));
      else job.resolve(message.result);
      this.pump();
    });
    worker.on('error', error => this.lose(slot, this.crashError(error, slot.job?.where)));
    worker.on('exit', code => this.lose(slot, new Error(`the analysis worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    // The time budget counts from a loaded worker: loading the code is not the analysis.
    // A worker that never loads is given up on after a minute.
    slot.timer = setTimeout(() => void this.stop(slot, new Error('the analysis worker did not start within 60 s')), 60_000);
    void slot.ready.then(() => {
      if (slot.job !== job) return;
      clearTimeout(slot.timer);
      this.send(slot, job);
    });
  }

  private send(slot: Slot, job: Job): void {
    slot.timer = setTimeout(() => {
      void this.stop(
        slot,
        new AnalysisRefusedError({
          message: `${job.where}: the analysis took longer than its time budget of ${this.timeoutMs.toLocaleString('en-US')} ms (multistageBuild.analysis.timeoutMs)`,
          limit: 'timeoutMs',
        }),
      );
    }, this.timeoutMs);
    slot.worker.postMessage({ id: job.id, task: job.task, options: job.options });
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.worker.unref();
  }

  /** Stops a worker (over its budget, or shutting down) and fails its job with `error`. */
  private async stop(slot: Slot, error: Error): Promise<void> {
    this.lose(slot, error);
    await slot.worker.terminate();
  }

  /** A worker is gone: its job fails, it leaves the pool, and waiting jobs get a fresh one. */
  private lose(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = slot.job;
    this.finish(slot);
    job?.reject(error);
    if (!this.closed) this.pump();
  }

  private crashError(error: Error & { code?: string }, where = 'Dockerfile'): Error {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new AnalysisRefusedError({
        message: `${where}: the analysis needed more than ${this.memoryMb} MB (multistageBuild.analysis.memoryMb)`,
        limit: 'memoryMb',
      });
    }
    return error;
  }

  private toError(error: WorkerError, where: string): Error {
    if (error.name === 'AnalysisLimitError' && error.limit && error.max !== undefined) {
      const cause = new AnalysisLimitError({ limit: error.limit, max: error.max, line: error.line ?? undefined });
      return new AnalysisRefusedError({
        message: `${where}: ${cause.message}; multistageBuild.analysis.limits.${error.limit} sets it`,
        limit: error.limit,
        line: cause.line,
      });
    }
    if (error.name === 'UnknownTargetError') {
      // Callers map it to a 400 on the field that named the target.
      return Object.assign(Object.create(UnknownTargetError.prototype), { name: error.name, message: error.message });
    }
    return new Error(`${where}: the analysis failed: ${error.message}`);
  }
}
