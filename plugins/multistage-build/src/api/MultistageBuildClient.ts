import { stringifyEntityRef, type CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PLUGIN_ID,
  type BuildEvent,
  type BuildRun,
  type BuildStep,
  type EngineStatus,
  type EntityDockerfileResponse,
} from '@stagecraft/plugin-multistage-build-common';
import type { MultistageBuildApi, StartBuildOptions } from './MultistageBuildApi';
import { readServerSentEvents } from './serverSentEvents';

const entityPath = (ref: CompoundEntityRef) => [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');

/** Talks to the multistage-build backend through discovery and the authenticated fetch. */
export class MultistageBuildClient implements MultistageBuildApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getEntityDockerfile(ref: CompoundEntityRef): Promise<EntityDockerfileResponse> {
    const path = [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
    return this.get(`/entities/${path}/dockerfile`);
  }

  async getEngineStatus(): Promise<EngineStatus> {
    return this.get('/engine');
  }

  async startBuild(ref: CompoundEntityRef, options: StartBuildOptions): Promise<BuildRun> {
    return this.send('POST', `/entities/${entityPath(ref)}/builds`, options);
  }

  async listBuilds(ref: CompoundEntityRef, limit = 20): Promise<BuildRun[]> {
    const entityRef = stringifyEntityRef(ref);
    const { items } = await this.get<{ items: BuildRun[] }>(
      `/builds?entityRef=${encodeURIComponent(entityRef)}&limit=${limit}`,
    );
    return items;
  }

  async getBuild(id: string): Promise<{ run: BuildRun; steps: BuildStep[] }> {
    return this.get(`/builds/${encodeURIComponent(id)}`);
  }

  async cancelBuild(id: string): Promise<BuildRun> {
    return this.send('POST', `/builds/${encodeURIComponent(id)}/cancel`, {});
  }

  async watchBuild(id: string, onEvent: (event: BuildEvent) => void, signal: AbortSignal): Promise<void> {
    // fetchApi (not EventSource) so the request carries the user's token.
    const response = await this.fetch(`/builds/${encodeURIComponent(id)}/events`, {
      headers: { Accept: 'text/event-stream' },
      signal,
    });
    if (!response.body) throw new Error('the build event stream has no body');
    for await (const message of readServerSentEvents(response.body, signal)) {
      onEvent(JSON.parse(message.data) as BuildEvent);
    }
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
