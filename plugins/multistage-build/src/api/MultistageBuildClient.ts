import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PLUGIN_ID,
  type EngineStatus,
  type EntityDockerfileResponse,
} from '@stagecraft/plugin-multistage-build-common';
import type { MultistageBuildApi } from './MultistageBuildApi';

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

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
