import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  defaultBuildConfig,
  type BuildConfig,
  type BuildConfigVersion,
  type StoredBuildConfig,
} from '@stagecraft/plugin-multistage-build-common';
import type { Knex } from 'knex';
import { migratedClient } from './migrate';

export interface SaveBuildConfig {
  entityRef: string;
  config: BuildConfig;
  /** The version the writer read; 0 when it read the defaults. */
  expectedVersion: number;
  updatedBy: string | null;
}

/** Build configurations per entity, with optimistic concurrency. */
export interface BuildConfigStore {
  /** The saved configuration, or the defaults at version 0. */
  get(entityRef: string): Promise<StoredBuildConfig>;
  /** Saves over `expectedVersion`; a stale version is a ConflictError and changes nothing. */
  save(request: SaveBuildConfig): Promise<StoredBuildConfig>;
  /** Saved versions, newest first. */
  history(entityRef: string, options?: { limit?: number }): Promise<BuildConfigVersion[]>;
}

interface RawConfigRow {
  entity_ref: string;
  version: number;
  config_json: string;
  updated_by: string | null;
  updated_at: Date | string;
}

const table = 'multistage_build_configs';
const versions = 'multistage_build_config_versions';

export class DatabaseBuildConfigStore implements BuildConfigStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    return new DatabaseBuildConfigStore(await migratedClient(options));
  }

  private constructor(private readonly knex: Knex) {}

  async get(entityRef: string): Promise<StoredBuildConfig> {
    const row = await this.knex<RawConfigRow>(table).where({ entity_ref: entityRef }).first();
    if (!row) return { entityRef, config: defaultBuildConfig, version: 0, updatedBy: null, updatedAt: null };
    return fromRow(row);
  }

  async save(request: SaveBuildConfig): Promise<StoredBuildConfig> {
    const { entityRef, expectedVersion } = request;
    const row: RawConfigRow = {
      entity_ref: entityRef,
      version: expectedVersion + 1,
      config_json: JSON.stringify(request.config),
      updated_by: request.updatedBy,
      updated_at: new Date(),
    };
    // The version check and the write are one statement, so two writers that
    // read the same version cannot both win; the history row is written in the
    // same transaction, so history and current never disagree.
    const written = await this.knex.transaction(async tx => {
      const count = await this.write(tx, row, expectedVersion);
      if (count > 0) await tx(versions).insert(row);
      return count;
    });
    if (written === 0) {
      const current = await this.get(entityRef);
      throw new ConflictError(
        `The build configuration of ${entityRef} is at version ${current.version}, not ${expectedVersion}: ` +
          'someone saved it meanwhile. Reload it and apply your change again.',
      );
    }
    return fromRow(row);
  }

  async history(entityRef: string, options: { limit?: number } = {}): Promise<BuildConfigVersion[]> {
    const rows = await this.knex<RawConfigRow>(versions)
      .where({ entity_ref: entityRef })
      .orderBy('version', 'desc')
      .limit(options.limit ?? 50);
    return rows.map(row => {
      const { config, version, updatedBy, updatedAt } = fromRow(row);
      return { config, version, updatedBy, updatedAt: updatedAt! };
    });
  }

  private async write(tx: Knex.Transaction, row: RawConfigRow, expectedVersion: number): Promise<number> {
    let written: number;
    if (expectedVersion === 0) {
      // First save: only one insert can win the primary key; the loser sees none returned.
      const inserted = await tx<RawConfigRow>(table)
        .insert(row)
        .onConflict('entity_ref')
        .ignore()
        .returning('entity_ref');
      written = inserted.length;
    } else {
      written = await tx<RawConfigRow>(table)
        .where({ entity_ref: row.entity_ref, version: expectedVersion })
        .update({
          version: row.version,
          config_json: row.config_json,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        });
    }
    return written;
  }
}

function fromRow(row: RawConfigRow): StoredBuildConfig {
  return {
    entityRef: row.entity_ref,
    config: { ...defaultBuildConfig, ...JSON.parse(row.config_json) },
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
