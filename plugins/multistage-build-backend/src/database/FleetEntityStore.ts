/*
 * The catalog entities that name a Dockerfile, as the org-wide page lists
 * them: their catalog fields (kept by the scheduled refresh), the open
 * findings of their current Dockerfile, and their latest runs.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { FindingCounts, FleetEntity, FleetRuleCount, Severity } from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import { migratedClient } from './migrate';
import { batchSize, whereInBatches } from './whereInBatches';

const entities = 'multistage_entities';
const ruleFindings = 'multistage_entity_rule_findings';
const runs = 'multistage_build_runs';

/** The catalog fields of an entity, as the refresh reads them and the fleet table shows them. */
export type CatalogFields = Pick<
  FleetEntity,
  'entityRef' | 'kind' | 'namespace' | 'name' | 'title' | 'owner' | 'system' | 'lifecycle' | 'type'
>;

export interface StoredFleetEntity extends CatalogFields {
  openFindings: FindingCounts | null;
  scannedAt: string | null;
  scanError: string | null;
  dockerfileDigest: string | null;
  dockerfileEtag: string | null;
  analysisKey: string | null;
}

/** What one analysis of an entity's current Dockerfile found. */
export interface ScanResult {
  digest: string;
  etag: string | null;
  /** Identifies the analysis settings (rule severities) the counts were taken with. */
  analysisKey: string;
  findings: FindingCounts;
  /** Findings per rule id, with the severity they were reported at. */
  byRule: { ruleId: string; severity: Severity; count: number }[];
  scannedAt: Date;
}

/** An entity's newest run, as the fleet table shows it. */
type LastRun = NonNullable<FleetEntity['lastBuild']>;

const iso = (value: Date | string | number | null) => (value === null ? null : new Date(value).toISOString());

function entityFromRow(row: any): StoredFleetEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    title: row.title,
    owner: row.owner,
    system: row.system,
    lifecycle: row.lifecycle,
    type: row.type,
    openFindings:
      row.open_errors === null
        ? null
        : { error: Number(row.open_errors), warning: Number(row.open_warnings), info: Number(row.open_infos) },
    scannedAt: iso(row.scanned_at),
    scanError: row.scan_error,
    dockerfileDigest: row.dockerfile_digest,
    dockerfileEtag: row.dockerfile_etag,
    analysisKey: row.analysis_key,
  };
}

export class FleetEntityStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    return new FleetEntityStore(await migratedClient(options));
  }

  private constructor(private readonly knex: Knex) {}

  /** Adds or updates entities' catalog fields, keeping what their scans found. */
  async upsert(list: CatalogFields[], syncedAt: Date): Promise<void> {
    const rows = list.map(e => ({
      entity_ref: e.entityRef,
      kind: e.kind,
      namespace: e.namespace,
      name: e.name,
      title: e.title,
      owner: e.owner,
      system: e.system,
      lifecycle: e.lifecycle,
      type: e.type,
      synced_at: syncedAt,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await this.knex(entities)
        .insert(rows.slice(i, i + 100))
        .onConflict('entity_ref')
        .merge(['kind', 'namespace', 'name', 'title', 'owner', 'system', 'lifecycle', 'type', 'synced_at']);
    }
  }

  /** Forgets entities the catalog no longer lists with the annotation (their runs stay). */
  async removeNotSyncedSince(syncedAt: Date): Promise<number> {
    const gone: string[] = (await this.knex(entities).where('synced_at', '<', syncedAt).select('entity_ref')).map(
      (r: { entity_ref: string }) => r.entity_ref,
    );
    for (let i = 0; i < gone.length; i += batchSize) {
      const refs = gone.slice(i, i + batchSize);
      await this.knex.transaction(async tx => {
        await tx(ruleFindings).whereIn('entity_ref', refs).delete();
        await tx(entities).whereIn('entity_ref', refs).delete();
      });
    }
    return gone.length;
  }

  async allRefs(): Promise<string[]> {
    return (await this.knex(entities).select('entity_ref').orderBy('entity_ref')).map((r: { entity_ref: string }) => r.entity_ref);
  }

  /** The entities, all or those named, by ref. */
  async list(entityRefs?: string[]): Promise<StoredFleetEntity[]> {
    if (entityRefs?.length === 0) return [];
    let query = this.knex(entities).select('*').orderBy('entity_ref');
    if (entityRefs) query = whereInBatches(query, 'entity_ref', entityRefs);
    return (await query).map(entityFromRow);
  }

  async get(entityRef: string): Promise<StoredFleetEntity | undefined> {
    const row = await this.knex(entities).where({ entity_ref: entityRef }).first();
    return row ? entityFromRow(row) : undefined;
  }

  /** Stores what the analysis of the entity's current Dockerfile found, replacing its counts per rule. */
  async saveScan(entityRef: string, scan: ScanResult): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx(entities).where({ entity_ref: entityRef }).update({
        dockerfile_digest: scan.digest,
        dockerfile_etag: scan.etag,
        analysis_key: scan.analysisKey,
        scanned_at: scan.scannedAt,
        scan_error: null,
        open_errors: scan.findings.error,
        open_warnings: scan.findings.warning,
        open_infos: scan.findings.info,
      });
      await tx(ruleFindings).where({ entity_ref: entityRef }).delete();
      const rows = scan.byRule.map(r => ({ entity_ref: entityRef, rule_id: r.ruleId, severity: r.severity, count: r.count }));
      for (let i = 0; i < rows.length; i += batchSize) await tx(ruleFindings).insert(rows.slice(i, i + batchSize));
    });
  }

  /** Records why the Dockerfile could not be read or analysed; earlier counts stay, marked by the error. */
  async saveScanError(entityRef: string, error: string, scannedAt: Date): Promise<void> {
    await this.knex(entities).where({ entity_ref: entityRef }).update({ scan_error: error.slice(0, 2000), scanned_at: scannedAt });
  }

  /** Open findings per rule over the entities (all or those named), most frequent first. */
  async ruleCounts(entityRefs: string[] | undefined, limit: number): Promise<FleetRuleCount[]> {
    if (entityRefs?.length === 0) return [];
    // One row per rule: counts taken under older severities (an entity whose Dockerfile could not be read
    // since they changed) add to the rule, which shows its most severe level.
    let query = this.knex(ruleFindings)
      .groupBy('rule_id')
      .select('rule_id')
      .min({ rank: this.knex.raw("CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END") })
      .sum({ findings: 'count' })
      .count({ entities: '*' })
      .orderBy([{ column: 'findings', order: 'desc' }, { column: 'rule_id' }])
      .limit(limit);
    if (entityRefs) query = whereInBatches(query, 'entity_ref', entityRefs);
    const rows = await query;
    const severities: Severity[] = ['error', 'warning', 'info'];
    return rows.map((r: any) => ({ ruleId: r.rule_id, severity: severities[Number(r.rank)], findings: Number(r.findings), entities: Number(r.entities) }));
  }

  /** Of `entityRefs`, those whose current Dockerfile has open findings of `ruleId`. */
  async withRule(ruleId: string, entityRefs: string[]): Promise<Set<string>> {
    const rows = await whereInBatches(this.knex(ruleFindings).where({ rule_id: ruleId }).select('entity_ref'), 'entity_ref', entityRefs);
    return new Set(rows.map((r: { entity_ref: string }) => r.entity_ref));
  }

  /**
   * Each named entity's newest run. One correlated subquery per entity on the
   * runs' (entity_ref, created_at) index: a grouped query over every run would
   * read the whole history (200,000 runs: half a second) for a page of rows.
   */
  async lastRuns(entityRefs: string[]): Promise<Map<string, LastRun>> {
    const newest = this.knex(`${runs} as n`)
      .select('n.id')
      .whereRaw('n.entity_ref = e.entity_ref')
      .orderBy([{ column: 'n.created_at', order: 'desc' }, { column: 'n.id', order: 'desc' }])
      .limit(1);
    const ids = (await whereInBatches(this.knex(`${entities} as e`).select(newest.as('run_id')), 'e.entity_ref', entityRefs))
      .map((r: { run_id: string | null }) => r.run_id)
      .filter((id): id is string => Boolean(id));
    const result = new Map<string, LastRun>();
    for (let i = 0; i < ids.length; i += batchSize) {
      const rows = await this.knex(runs).whereIn('id', ids.slice(i, i + batchSize)).select('id', 'entity_ref', 'status', 'created_at', 'engine');
      for (const row of rows) {
        result.set(row.entity_ref, { runId: row.id, status: row.status, createdAt: iso(row.created_at)!, engine: row.engine ?? null });
      }
    }
    return result;
  }

  /** Each named entity's final image size from its newest succeeded run that has one (as lastRuns, one subquery each). */
  async latestImageSizes(entityRefs: string[]): Promise<Map<string, number>> {
    const newest = this.knex(`${runs} as n`)
      .select('n.image_size')
      .whereRaw('n.entity_ref = e.entity_ref')
      .where('n.status', 'succeeded')
      .whereNotNull('n.image_size')
      .orderBy([{ column: 'n.created_at', order: 'desc' }, { column: 'n.id', order: 'desc' }])
      .limit(1);
    const rows = await whereInBatches(this.knex(`${entities} as e`).select('e.entity_ref', newest.as('size')), 'e.entity_ref', entityRefs);
    return new Map(
      rows.filter((r: { size: unknown }) => r.size !== null && r.size !== undefined).map((r: any) => [r.entity_ref as string, Number(r.size)]),
    );
  }
}
