import { stringifyEntityRef, type CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PLUGIN_ID,
  type BuildConfig,
  type BuildConfigVersion,
  type BuildEvent,
  type BuildRun,
  type BuildRunPage,
  type BuildStep,
  type BuildStepLog,
  type EngineStatus,
  type EnginesResponse,
  type EntityBuildHistory,
  type EntityDockerfileResponse,
  type FleetEntityPage,
  type FleetQuery,
  type FleetSummary,
  type FleetWindow,
  type StoredBuildConfig,
} from '@stagecraft/plugin-multistage-build-common';
import type { CacheUsage, ImageLayer, ListBuildsOptions, MultistageBuildApi, StartBuildOptions } from './MultistageBuildApi';
import { readServerSentEvents } from './serverSentEvents';

/** Reconnects of a build's event stream in a row without an event before the watch gives up. */
const maxStreamRetries = 5;

const entityPath = (ref: CompoundEntityRef) => [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');

/** The fleet query as URL parameters, leaving out what is not set. */
export function fleetQueryString(query: FleetQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

/** Talks to the multistage-build backend through discovery and the authenticated fetch. */
export class MultistageBuildClient implements MultistageBuildApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getEntityDockerfile(ref: CompoundEntityRef): Promise<EntityDockerfileResponse> {
    return this.get(`/entities/${entityPath(ref)}/dockerfile`);
  }

  async getEngineStatus(): Promise<EngineStatus> {
    return this.get('/engine');
  }

  async startBuild(ref: CompoundEntityRef, options: StartBuildOptions): Promise<BuildRun> {
    return this.send('POST', `/entities/${entityPath(ref)}/builds`, options);
  }

  async listBuilds(ref: CompoundEntityRef, options: ListBuildsOptions = {}): Promise<BuildRunPage> {
    const query = new URLSearchParams({
      entityRef: stringifyEntityRef(ref),
      limit: String(options.limit ?? 20),
      offset: String(options.offset ?? 0),
    });
    if (options.status?.length) query.set('status', options.status.join(','));
    if (options.target !== undefined) query.set('target', options.target ?? '');
    return this.get(`/builds?${query}`);
  }

  async rebuild(id: string): Promise<BuildRun> {
    return this.send('POST', `/builds/${encodeURIComponent(id)}/rebuild`, {});
  }

  async getLayers(id: string): Promise<{ imageId: string; layers: ImageLayer[] }> {
    return this.get(`/builds/${encodeURIComponent(id)}/layers`);
  }

  async getStepLog(id: string, digest: string): Promise<BuildStepLog> {
    return this.get(`/builds/${encodeURIComponent(id)}/steps/${encodeURIComponent(digest)}/log`);
  }

  async getBuildConfig(ref: CompoundEntityRef): Promise<StoredBuildConfig> {
    return this.get(`/entities/${entityPath(ref)}/config`);
  }

  async saveBuildConfig(ref: CompoundEntityRef, version: number, config: BuildConfig): Promise<StoredBuildConfig> {
    return this.send('PUT', `/entities/${entityPath(ref)}/config`, { version, config });
  }

  async getConfigHistory(ref: CompoundEntityRef): Promise<BuildConfigVersion[]> {
    return (await this.get<{ items: BuildConfigVersion[] }>(`/entities/${entityPath(ref)}/config/history`)).items;
  }

  async getCacheUsage(): Promise<CacheUsage> {
    return this.get('/cache');
  }

  async getEngines(): Promise<EnginesResponse> {
    return this.get('/engines');
  }

  async pruneEngine(name: string): Promise<{ reclaimedBytes: number }> {
    return this.send('POST', `/engines/${encodeURIComponent(name)}/prune`, {});
  }

  async pruneCache(): Promise<{ reclaimedBytes: number }> {
    return this.send('POST', '/cache/prune', {});
  }

  async getEntityHistory(ref: CompoundEntityRef, options: { limit?: number; offset?: number } = {}): Promise<EntityBuildHistory> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 100), offset: String(options.offset ?? 0) });
    return this.get(`/entities/${entityPath(ref)}/analytics?${query}`);
  }

  async getBuild(id: string): Promise<{ run: BuildRun; steps: BuildStep[] }> {
    return this.get(`/builds/${encodeURIComponent(id)}`);
  }

  async cancelBuild(id: string): Promise<BuildRun> {
    return this.send('POST', `/builds/${encodeURIComponent(id)}/cancel`, {});
  }

  async watchBuild(id: string, onEvent: (event: BuildEvent) => void, signal: AbortSignal): Promise<void> {
    // A dropped stream (a replica restarting, a proxy's idle timeout) is resumed after the
    // last event seen, so nothing is shown twice or missed.
    let lastEventId: string | undefined;
    for (let attempt = 0; ; attempt++) {
      let finished = false;
      try {
        // fetchApi (not EventSource) so the request carries the user's token.
        const response = await this.fetch(`/builds/${encodeURIComponent(id)}/events`, {
          headers: { Accept: 'text/event-stream', ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }) },
          signal,
        });
        if (!response.body) throw new Error('the build event stream has no body');
        for await (const message of readServerSentEvents(response.body, signal)) {
          if (message.id !== undefined) lastEventId = message.id;
          attempt = 0;
          const event = JSON.parse(message.data) as BuildEvent;
          if (event.type === 'finished') finished = true;
          onEvent(event);
        }
      } catch (e) {
        // A refusal (403, 404) or the last retry fails the watch; a broken connection is retried.
        if (signal.aborted || e instanceof ResponseError || attempt >= maxStreamRetries) throw e;
      }
      if (finished || signal.aborted) return;
      if (attempt >= maxStreamRetries) throw new Error(`the build's event stream kept ending before the build did (${maxStreamRetries} retries)`);
      await new Promise(resolvePromise => setTimeout(resolvePromise, Math.min(8000, 500 * 2 ** attempt)));
    }
  }

  async getFleetSummary(days: FleetWindow): Promise<FleetSummary> {
    return this.get(`/fleet/summary?days=${days}`);
  }

  async getFleetEntities(query: FleetQuery): Promise<FleetEntityPage> {
    return this.get(`/fleet/entities?${fleetQueryString(query)}`);
  }

  async getFleetCsv(query: FleetQuery): Promise<string> {
    return (await this.fetch(`/fleet/entities.csv?${fleetQueryString(query)}`)).text();
  }

  private async get<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  private async send<T>(method: string, path: string, body: unknown): Promise<T> {
    const response = await this.fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}
