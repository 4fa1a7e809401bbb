// @ts-check

/**
 * Runs coordinated through the database, for many backend replicas and many
 * engines: a queued run is a row any replica may claim; the claim records the
 * replica, the engine it chose and a lease the replica keeps renewing. Every
 * live event of a run is stored with a sequence number, so a stream on any
 * replica follows it and resumes with Last-Event-ID.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.string('engine', 128).nullable().comment('Name of the builder (multistageBuild.builders) that ran or runs it');
    table.string('claimed_by', 64).nullable().comment('The backend replica executing the run while it runs');
    table.timestamp('lease_expires_at', { useTz: true }).nullable().comment('Renewed by the executing replica; past it, recovery takes the run over');
    table.string('engine_build_id', 64).nullable().comment('The build id given to the engine, set before the engine is asked; used to cancel it from any replica');
    table.text('entity_json').nullable().comment('The entity as the build was requested, for the replica that claims it');
    table.integer('attempts').notNullable().defaultTo(0).comment('How often the run was claimed');
    table.integer('events_seq').notNullable().defaultTo(0).comment('Sequence number of the last stored event');
    table.index(['status', 'created_at'], 'multistage_build_runs_claim_idx');
  });
  await knex.schema.createTable('multistage_build_events', table => {
    table.comment('Live events of runs, in order, for streams on every replica; removed a while after the run ends');
    table.string('run_id', 64).notNullable().references('id').inTable('multistage_build_runs').onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.text('event_json').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['run_id', 'seq']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('multistage_build_events');
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.dropIndex(['status', 'created_at'], 'multistage_build_runs_claim_idx');
    for (const column of ['engine', 'claimed_by', 'lease_expires_at', 'engine_build_id', 'entity_json', 'attempts', 'events_seq']) {
      table.dropColumn(column);
    }
  });
};
