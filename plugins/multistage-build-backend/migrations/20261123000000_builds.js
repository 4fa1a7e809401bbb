// @ts-check

/**
 * Build configurations per entity (versioned for optimistic concurrency), build
 * runs, their BuildKit steps, and the digests of the context files each run
 * sent, so a later cache miss can be explained by the files that changed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multistage_build_configs', table => {
    table.comment('The build configuration of each entity');
    table.string('entity_ref').primary().notNullable();
    table.integer('version').notNullable().comment('Incremented on every save; a stale write is refused');
    table.text('config_json').notNullable();
    table.string('updated_by').nullable().comment('User entity ref of the last writer');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('multistage_build_runs', table => {
    table.comment('Builds of entity Dockerfiles on the BuildKit engine');
    table.string('id', 64).primary().notNullable();
    table.string('entity_ref').notNullable();
    table.string('status', 16).notNullable().comment('queued, running, succeeded, failed, cancelled');
    table.string('target').nullable();
    table.text('config_json').notNullable().comment('The configuration the run used');
    table.string('requested_by').nullable();
    table.string('dockerfile_path', 1024).notNullable();
    table.string('dockerfile_digest', 80).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.string('image_id', 100).nullable();
    table.bigInteger('image_size').nullable();
    table.text('stage_sizes_json').notNullable().defaultTo('{}');
    table.text('error').nullable();
    table.integer('cache_hits').notNullable().defaultTo(0);
    table.integer('cache_misses').notNullable().defaultTo(0);
    table.bigInteger('time_saved_ms').notNullable().defaultTo(0);
    table.index(['entity_ref', 'created_at'], 'multistage_build_runs_entity_idx');
    table.index(['status'], 'multistage_build_runs_status_idx');
  });

  await knex.schema.createTable('multistage_build_steps', table => {
    table.comment('BuildKit vertexes of each run');
    table.string('run_id', 64).notNullable().references('id').inTable('multistage_build_runs').onDelete('CASCADE');
    table.string('digest', 80).notNullable();
    table.integer('position').notNullable().comment('Order in which the step first appeared');
    table.text('name').notNullable();
    table.string('stage').nullable();
    table.integer('step').nullable();
    table.text('instruction').nullable();
    table.boolean('cached').notNullable().defaultTo(false);
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.integer('duration_ms').nullable();
    table.text('error').nullable();
    table.text('log_tail').notNullable().defaultTo('');
    table.text('miss_reason_json').nullable();
    table.primary(['run_id', 'digest']);
  });

  await knex.schema.createTable('multistage_build_context_files', table => {
    table.comment('sha256 of every file a run sent as build context');
    table.string('run_id', 64).notNullable().references('id').inTable('multistage_build_runs').onDelete('CASCADE');
    table.string('path', 2048).notNullable();
    table.string('digest', 80).notNullable();
    table.bigInteger('size').notNullable();
    table.primary(['run_id', 'path']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('multistage_build_context_files');
  await knex.schema.dropTable('multistage_build_steps');
  await knex.schema.dropTable('multistage_build_runs');
  await knex.schema.dropTable('multistage_build_configs');
};
