// @ts-check

/**
 * What the org-wide build analytics page reads:
 * - the catalog entities that name a Dockerfile, with the catalog fields the
 *   page filters and sorts on and the open findings of their current
 *   Dockerfile (refreshed by a scheduled task, so entities nobody opened count);
 * - those findings per rule, for "most frequent findings";
 * - per-day rollups of the runs of each entity, with fixed-bucket histograms of
 *   durations and image sizes, so p50/p95 over any window come from sums on
 *   SQLite and PostgreSQL alike (SQLite has no percentile function);
 * - how far the rollups reach, so closed days are read from rollups and the
 *   rest live from runs, and old runs can be deleted without losing figures.
 *
 * The bucket counts here match src/fleet/buckets.ts (a test compares them).
 */
const DURATION_BUCKETS = 22;
const SIZE_BUCKETS = 41;
const MISS_REASONS = ['instruction', 'files', 'base', 'arg', 'first', 'earlier', 'disabled', 'unknown'];

const pad = (/** @type {number} */ i) => String(i).padStart(2, '0');

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('multistage_entities', table => {
    table.comment('Catalog entities that name a Dockerfile, as the analytics page filters them');
    table.string('entity_ref').primary().notNullable();
    // The catalog sets no length on titles and spec fields: text, so a long one cannot fail a refresh.
    table.string('kind').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.text('title').nullable();
    table.text('owner').nullable();
    table.text('system').nullable();
    table.text('lifecycle').nullable();
    table.text('type').nullable();
    table.timestamp('synced_at', { useTz: true }).notNullable().comment('Last seen in the catalog');
    table.string('dockerfile_digest', 80).nullable();
    table.string('dockerfile_etag', 512).nullable().comment('For conditional reads of remote Dockerfiles');
    table.string('analysis_key', 80).nullable().comment('The rule severities the counts were taken with; others mean a re-read');
    table.timestamp('scanned_at', { useTz: true }).nullable();
    table.text('scan_error').nullable();
    table.integer('open_errors').nullable().comment('Findings of the current Dockerfile; null until analysed');
    table.integer('open_warnings').nullable();
    table.integer('open_infos').nullable();
    table.index(['owner'], 'multistage_entities_owner_idx');
    table.index(['system'], 'multistage_entities_system_idx');
  });

  await knex.schema.createTable('multistage_entity_rule_findings', table => {
    table.comment('Open findings of the current Dockerfile of each entity, by rule');
    table.string('entity_ref').notNullable();
    table.string('rule_id').notNullable();
    table.string('severity', 16).notNullable();
    table.integer('count').notNullable();
    table.primary(['entity_ref', 'rule_id']);
    table.index(['rule_id'], 'multistage_entity_rule_findings_rule_idx');
  });

  await knex.schema.createTable('multistage_build_day_rollups', table => {
    table.comment('Runs of each entity per UTC day, summed; kept when old runs are deleted');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, the UTC day of created_at');
    table.string('entity_ref').notNullable();
    table.integer('runs').notNullable();
    table.integer('succeeded').notNullable();
    table.integer('failed').notNullable();
    table.integer('cancelled').notNullable();
    table.integer('duration_count').notNullable().comment('Succeeded runs with a duration');
    table.bigInteger('duration_ms_sum').notNullable();
    for (let i = 0; i < DURATION_BUCKETS; i++) table.integer(`d${pad(i)}`).notNullable().defaultTo(0);
    table.integer('cache_hits').notNullable();
    table.integer('cache_misses').notNullable();
    table.bigInteger('time_saved_ms').notNullable();
    table.integer('size_count').notNullable().comment('Succeeded runs with a final image size');
    for (let i = 0; i < SIZE_BUCKETS; i++) table.integer(`s${pad(i)}`).notNullable().defaultTo(0);
    table.bigInteger('last_image_size').nullable().comment('Final image size of the last succeeded run of the day');
    for (const reason of MISS_REASONS) table.integer(`miss_${reason}`).notNullable().defaultTo(0);
    table.primary(['day', 'entity_ref']);
    table.index(['entity_ref', 'day'], 'multistage_build_day_rollups_entity_idx');
  });

  await knex.schema.createTable('multistage_rollup_state', table => {
    table.comment('How far the day rollups reach');
    table.string('name').primary().notNullable();
    table.string('value').notNullable();
  });

  await knex.schema.alterTable('multistage_build_runs', table => {
    // Live figures read today's runs, rollups one day's, retention the oldest.
    table.index(['created_at'], 'multistage_build_runs_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.dropIndex(['created_at'], 'multistage_build_runs_created_idx');
  });
  await knex.schema.dropTable('multistage_rollup_state');
  await knex.schema.dropTable('multistage_build_day_rollups');
  await knex.schema.dropTable('multistage_entity_rule_findings');
  await knex.schema.dropTable('multistage_entities');
};

exports.DURATION_BUCKETS = DURATION_BUCKETS;
exports.SIZE_BUCKETS = SIZE_BUCKETS;
exports.MISS_REASONS = MISS_REASONS;
