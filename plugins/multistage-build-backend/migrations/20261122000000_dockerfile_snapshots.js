// @ts-check

/**
 * The latest Dockerfile seen for each entity: what the entity tab shows and
 * what org-wide views aggregate without re-reading every repository.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multistage_dockerfile_snapshots', table => {
    table.comment('The latest Dockerfile read for each catalog entity');
    table.string('entity_ref').primary().notNullable().comment('Entity ref, e.g. component:default/hello-c');
    table.string('path', 1024).notNullable().comment('Dockerfile path relative to the entity source');
    table.string('location', 2048).notNullable().comment('Where the Dockerfile was read from');
    table.string('digest', 80).notNullable().comment('sha256 of the Dockerfile text');
    table.integer('stage_count').notNullable();
    table.integer('parse_error_count').notNullable();
    table.text('stages_json').notNullable().comment('JSON array of stage summaries');
    table.timestamp('read_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('multistage_dockerfile_snapshots');
};
