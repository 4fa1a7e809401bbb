/*
 * The Docker engines builds run on (`multistageBuild.builders`), with each
 * one's health as this replica last saw it. Every replica checks its builders
 * itself: it is the one that would talk to them. An unhealthy builder gets no
 * new claims from this replica; its running builds fail on their own when the
 * engine's stream breaks.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineStatus } from '@stagecraft/plugin-multistage-build-common';
import type { BuilderSettings } from '../config';
import { DockerEngine } from './DockerEngine';
import type { Engine } from './Engine';

export interface BuilderHealth {
  healthy: boolean;
  /** Why it is out, in words an operator can act on; null while healthy. */
  reason: string | null;
  checkedAt: string | null;
  version: string | null;
  apiVersion: string | null;
}

/** What the claim needs to know of a builder that may take builds. */
export interface EngineCandidate {
  name: string;
  platforms: string[];
  concurrency: number;
}

const healthTimeoutMs = 5000;

export class Builder {
  health: BuilderHealth = { healthy: false, reason: 'not checked yet', checkedAt: null, version: null, apiVersion: null };
  /** The engine's own platform, once a health check asked it. */
  private nativePlatform: string | undefined;

  constructor(
    readonly name: string,
    readonly engine: Engine,
    readonly concurrency: number,
    private readonly configuredPlatforms: string[] = [],
  ) {}

  get tls(): boolean {
    return this.engine.tls;
  }

  /** Configured, or else the engine's own; empty before the first check of an unconfigured builder. */
  get platforms(): string[] {
    if (this.configuredPlatforms.length > 0) return this.configuredPlatforms;
    return this.nativePlatform ? [this.nativePlatform] : [];
  }

  async check(): Promise<BuilderHealth> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const version = await Promise.race([
        this.engine.version(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${healthTimeoutMs / 1000} s`)), healthTimeoutMs);
        }),
      ]);
      this.nativePlatform = version.platform;
      this.health = { healthy: true, reason: null, checkedAt: new Date().toISOString(), version: version.version, apiVersion: version.apiVersion };
    } catch (e) {
      this.health = {
        healthy: false,
        reason: `no Docker engine answers at ${this.engine.endpoint}: ${(e as Error).message}`,
        checkedAt: new Date().toISOString(),
        version: null,
        apiVersion: null,
      };
    } finally {
      clearTimeout(timer);
    }
    return this.health;
  }
}

export class Builders {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly all: Builder[],
    private readonly logger?: LoggerService,
  ) {
    if (all.length === 0) throw new Error('at least one builder is needed');
  }

  static fromSettings(settings: BuilderSettings[], logger?: LoggerService): Builders {
    return new Builders(
      settings.map(s => new Builder(s.name, new DockerEngine({ host: s.host, tls: s.tls }), s.concurrency, s.platforms)),
      logger,
    );
  }

  /** One engine, named `default` unless told otherwise (tests and single-engine setups). */
  static single(engine: Engine, concurrency: number, name = 'default'): Builders {
    return new Builders([new Builder(name, engine, concurrency)]);
  }

  list(): Builder[] {
    return [...this.all];
  }

  get(name: string | null | undefined): Builder | undefined {
    return this.all.find(b => b.name === name);
  }

  /** The first builder: where engine-wide routes without a builder name go. */
  get primary(): Builder {
    return this.all[0];
  }

  /** Checks every builder at once; logs each change of health. */
  async checkAll(): Promise<void> {
    await Promise.all(
      this.all.map(async builder => {
        const was = builder.health;
        const now = await builder.check();
        if (was.healthy !== now.healthy || (was.checkedAt === null && !now.healthy)) {
          if (now.healthy) this.logger?.info(`Builder ${builder.name} (${builder.engine.endpoint}) is healthy: Docker ${now.version}`);
          else this.logger?.warn(`Builder ${builder.name} gets no builds: ${now.reason}`);
        }
      }),
    );
  }

  /** Whether builds can run: when any builder is healthy (checked now), with why not otherwise. */
  async status(): Promise<EngineStatus> {
    await this.checkAll();
    const up = this.all.find(b => b.health.healthy);
    if (up) return { available: true, version: up.health.version ?? undefined, apiVersion: up.health.apiVersion ?? undefined };
    return {
      available: false,
      reason: `${this.all.map(b => `${b.name}: ${b.health.reason}`).join('; ')}. Start dockerd (or set multistageBuild.builders / docker.host / DOCKER_HOST) to enable builds; analysis works without it.`,
    };
  }

  /** Checks the builders never checked yet (a replica's first claim); the timer keeps them current after. */
  async checkUnchecked(): Promise<void> {
    if (this.all.some(b => b.health.checkedAt === null)) await this.checkAll();
  }

  /** Healthy builders with what the claim needs. */
  candidates(): EngineCandidate[] {
    return this.all
      .filter(b => b.health.healthy)
      .map(b => ({ name: b.name, platforms: b.platforms, concurrency: b.concurrency }));
  }

  /** Checks now, then every `intervalMs` until stop(). */
  start(intervalMs: number): Promise<void> {
    this.stop();
    this.timer = setInterval(() => void this.checkAll(), intervalMs);
    this.timer.unref();
    return this.checkAll();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
