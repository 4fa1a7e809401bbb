import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { FindingCounts, StageSummary } from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import { migratedClient } from './migrate';

/** The latest Dockerfile read for an entity. */
export interface DockerfileSnapshot {
  entityRef: string;
  path: string;
  location: string;
  digest: string;
  stages: StageSummary[];
  parseErrorCount: number;
  /** Findings by severity, for the Dockerfile's default target. */
  findings?: FindingCounts;
  readAt: Date;
}

/** One version of an entity's Dockerfile as analysed, by content digest. */
export interface DockerfileVersion {
  digest: string;
  firstSeenAt: string;
  lastSeenAt: string;
  findings: FindingCounts;
  parseErrors: number;
}

export interface DockerfileSnapshotStore {
  /** Records a snapshot, replacing the entity's previous one. */
  record(snapshot: DockerfileSnapshot): Promise<void>;
  get(entityRef: string): Promise<DockerfileSnapshot | undefined>;
  /** All snapshots, ordered by entity ref. */
  list(): Promise<DockerfileSnapshot[]>;
  /** The entity's analysed Dockerfile versions, newest first seen first. */
  versions(entityRef: string, options?: { limit?: number }): Promise<DockerfileVersion[]>;
}

interface RawSnapshotRow {
  entity_ref: string;
  path: string;
  location: string;
  digest: string;
  stage_count: number;
  parse_error_count: number;
  stages_json: string;
  read_at: Date | string;
}

const table = 'multistage_dockerfile_snapshots';
const versionsTable = 'multistage_dockerfile_versions';

export class DatabaseDockerfileSnapshotStore implements DockerfileSnapshotStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDockerfileSnapshotStore> {
    return new DatabaseDockerfileSnapshotStore(await migratedClient(options));
  }

  private constructor(private readonly knex: Knex) {}

  async record(snapshot: DockerfileSnapshot): Promise<void> {
    const row: RawSnapshotRow = {
      entity_ref: snapshot.entityRef,
      path: snapshot.path,
      location: snapshot.location,
      digest: snapshot.digest,
      stage_count: snapshot.stages.length,
      parse_error_count: snapshot.parseErrorCount,
      stages_json: JSON.stringify(snapshot.stages),
      read_at: snapshot.readAt,
    };
    await this.knex<RawSnapshotRow>(table).insert(row).onConflict('entity_ref').merge();
    if (snapshot.findings) {
      // A version keeps when it was first seen; reading it again only moves last_seen_at.
      await this.knex(versionsTable)
        .insert({
          entity_ref: snapshot.entityRef,
          digest: snapshot.digest,
          first_seen_at: snapshot.readAt,
          last_seen_at: snapshot.readAt,
          errors: snapshot.findings.error,
          warnings: snapshot.findings.warning,
          infos: snapshot.findings.info,
          parse_errors: snapshot.parseErrorCount,
        })
        .onConflict(['entity_ref', 'digest'])
        .merge(['last_seen_at', 'errors', 'warnings', 'infos', 'parse_errors']);
    }
  }

  async versions(entityRef: string, options: { limit?: number } = {}): Promise<DockerfileVersion[]> {
    const rows: {
      digest: string;
      first_seen_at: Date | string;
      last_seen_at: Date | string;
      errors: number;
      warnings: number;
      infos: number;
      parse_errors: number;
    }[] = await this.knex(versionsTable)
      .where({ entity_ref: entityRef })
      .orderBy('first_seen_at', 'desc')
      .limit(options.limit ?? 100);
    return rows.map(row => ({
      digest: row.digest,
      firstSeenAt: new Date(row.first_seen_at).toISOString(),
      lastSeenAt: new Date(row.last_seen_at).toISOString(),
      findings: { error: row.errors, warning: row.warnings, info: row.infos },
      parseErrors: row.parse_errors,
    }));
  }

  async get(entityRef: string): Promise<DockerfileSnapshot | undefined> {
    const row = await this.knex<RawSnapshotRow>(table).where({ entity_ref: entityRef }).first();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<DockerfileSnapshot[]> {
    const rows = await this.knex<RawSnapshotRow>(table).orderBy('entity_ref');
    return rows.map(fromRow);
  }
}

function fromRow(row: RawSnapshotRow): DockerfileSnapshot {
  return {
    entityRef: row.entity_ref,
    path: row.path,
    location: row.location,
    digest: row.digest,
    stages: JSON.parse(row.stages_json),
    parseErrorCount: row.parse_error_count,
    readAt: new Date(row.read_at),
  };
}
