/*
 * The scheduled refresh of the org-wide page's entity table: every catalog
 * entity with the Dockerfile annotation, with the catalog fields the page
 * filters on, and the open findings of its current Dockerfile, so entities
 * nobody has opened count too. Remote Dockerfiles are read conditionally
 * (etag) and all reads are spaced to a request rate.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DOCKERFILE_ANNOTATION, type SeverityOverride } from '@stagecraft/plugin-multistage-build-common';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import type { CatalogFields, FleetEntityStore, StoredFleetEntity } from '../database/FleetEntityStore';
import { dockerfileDigest, type DockerfileSource } from '../source/DockerfileSource';
import { analysisKeyOf, scanResultOf } from './scanResult';

export interface FleetRefreshOptions {
  catalog: CatalogService;
  auth: AuthService;
  entities: FleetEntityStore;
  source: Pick<DockerfileSource, 'read'>;
  analysis: Pick<AnalysisPool, 'describe'>;
  logger: LoggerService;
  severityOverrides: Record<string, SeverityOverride>;
  /** Dockerfile reads per second, at most. */
  requestsPerSecond: number;
  /** Entities asked of the catalog per request. */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

export function catalogFieldsOf(entity: Entity): CatalogFields {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title: text(entity.metadata.title),
    owner: text(spec.owner),
    system: text(spec.system),
    lifecycle: text(spec.lifecycle),
    type: text(spec.type),
  };
}

export interface RefreshReport {
  entities: number;
  removed: number;
  analysed: number;
  unchanged: number;
  failed: number;
}

export class FleetRefresh {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly analysisKey: string;

  constructor(private readonly options: FleetRefreshOptions) {
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.analysisKey = analysisKeyOf(options.severityOverrides);
  }

  /** Every annotated entity the catalog has, page by page, as this plugin sees them (its own service credentials). */
  async catalogEntities(): Promise<Entity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const found: Entity[] = [];
    let cursor: string | undefined;
    do {
      const response = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: this.options.pageSize ?? 500 }
          : {
              filter: { [`metadata.annotations.${DOCKERFILE_ANNOTATION}`]: CATALOG_FILTER_EXISTS },
              limit: this.options.pageSize ?? 500,
            },
        { credentials },
      );
      found.push(...response.items);
      cursor = response.pageInfo.nextCursor;
    } while (cursor);
    return found;
  }

  /** Reads and analyses one entity's Dockerfile unless it is unchanged since `stored`, its row, was taken. */
  private async scan(entity: Entity, stored: StoredFleetEntity | undefined): Promise<'analysed' | 'unchanged' | 'failed'> {
    const entityRef = stringifyEntityRef(entity);
    const sameSettings = stored?.analysisKey === this.analysisKey && stored.scanError === null;
    const now = new Date();
    try {
      const etag = sameSettings ? stored?.dockerfileEtag ?? undefined : undefined;
      const dockerfile = await this.options.source.read(entity, { etag });
      const digest = dockerfileDigest(dockerfile.text);
      if (sameSettings && stored?.dockerfileDigest === digest && stored.openFindings) return 'unchanged';
      const description = await this.options.analysis.describe(
        { path: dockerfile.path, text: dockerfile.text, severityOverrides: this.options.severityOverrides },
        `${entityRef} ${dockerfile.path}`,
      );
      await this.options.entities.saveScan(
        entityRef,
        scanResultOf({ findings: description.findings, digest, etag: dockerfile.etag ?? null, analysisKey: this.analysisKey, scannedAt: now }),
      );
      return 'analysed';
    } catch (error) {
      if (error instanceof NotModifiedError || (error as Error)?.name === 'NotModifiedError') return 'unchanged';
      await this.options.entities.saveScanError(entityRef, (error as Error)?.message ?? String(error), now);
      return 'failed';
    }
  }

  /** The scheduled task's body: the entity table from the catalog, then each Dockerfile, spaced to the request rate. */
  async run(signal?: { aborted: boolean }): Promise<RefreshReport> {
    const started = new Date();
    const catalogEntities = await this.catalogEntities();
    await this.options.entities.upsert(catalogEntities.map(catalogFieldsOf), started);
    const removed = await this.options.entities.removeNotSyncedSince(started);
    const report: RefreshReport = { entities: catalogEntities.length, removed, analysed: 0, unchanged: 0, failed: 0 };
    // Every row at once (etag, digest, settings of the last read), not a query per entity.
    const stored = new Map((await this.options.entities.list()).map(row => [row.entityRef, row]));
    const interval = 1000 / this.options.requestsPerSecond;
    let next = Date.now();
    for (const entity of catalogEntities) {
      // Past the task's timeout another replica may start it: stop, rather than read at twice the rate.
      if (signal?.aborted) break;
      const wait = next - Date.now();
      if (wait > 0) await this.sleep(wait);
      next = Math.max(next, Date.now()) + interval;
      report[await this.scan(entity, stored.get(stringifyEntityRef(entity)))] += 1;
    }
    this.options.logger.info(
      `Build analytics: ${report.entities} entities with a Dockerfile (${removed} gone); ${report.analysed} analysed, ${report.unchanged} unchanged, ${report.failed} could not be read in ${Date.now() - started.getTime()} ms`,
    );
    return report;
  }
}
