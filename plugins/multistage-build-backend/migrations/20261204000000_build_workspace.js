// @ts-check

/**
 * What the entity tab's history views read:
 * - every saved build configuration, so "who changed what, when" can be shown;
 * - finding counts by severity for every analysed Dockerfile version and every
 *   run, so findings can be charted over time;
 * - the whole output of each step (up to a configured size), for the run page's logs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multistage_build_config_versions', table => {
    table.comment('Every saved build configuration of each entity');
    table.string('entity_ref').notNullable();
    table.integer('version').notNullable();
    table.text('config_json').notNullable();
    table.string('updated_by').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'version']);
  });
  // Configurations saved before this migration start their history.
  const current = await knex('multistage_build_configs').select('entity_ref', 'version', 'config_json', 'updated_by', 'updated_at');
  for (const row of current) await knex('multistage_build_config_versions').insert(row);

  await knex.schema.alterTable('multistage_build_runs', table => {
    table.integer('finding_errors').nullable().comment('Findings of the run\'s Dockerfile for its target, when it was queued');
    table.integer('finding_warnings').nullable();
    table.integer('finding_infos').nullable();
  });

  await knex.schema.createTable('multistage_dockerfile_versions', table => {
    table.comment('Each Dockerfile version analysed for an entity, with its finding counts');
    table.string('entity_ref').notNullable();
    table.string('digest', 80).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.integer('errors').notNullable();
    table.integer('warnings').notNullable();
    table.integer('infos').notNullable();
    table.integer('parse_errors').notNullable();
    table.primary(['entity_ref', 'digest']);
  });

  await knex.schema.createTable('multistage_build_step_logs', table => {
    table.comment('The output of each step of a run, up to multistageBuild.builds.stepLogBytes');
    table.string('run_id', 64).notNullable().references('id').inTable('multistage_build_runs').onDelete('CASCADE');
    table.string('digest', 80).notNullable();
    table.text('log').notNullable();
    table.bigInteger('dropped_bytes').notNullable().defaultTo(0).comment('Output beyond the limit, left out from the start');
    table.primary(['run_id', 'digest']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('multistage_build_step_logs');
  await knex.schema.dropTable('multistage_dockerfile_versions');
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.dropColumn('finding_errors');
    table.dropColumn('finding_warnings');
    table.dropColumn('finding_infos');
  });
  await knex.schema.dropTable('multistage_build_config_versions');
};
