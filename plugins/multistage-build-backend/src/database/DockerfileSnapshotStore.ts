import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { StageSummary } from '@stagecraft/plugin-multistage-build-common';
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
  readAt: Date;
}

export interface DockerfileSnapshotStore {
  /** Records a snapshot, replacing the entity's previous one. */
  record(snapshot: DockerfileSnapshot): Promise<void>;
  get(entityRef: string): Promise<DockerfileSnapshot | undefined>;
  /** All snapshots, ordered by entity ref. */
  list(): Promise<DockerfileSnapshot[]>;
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
