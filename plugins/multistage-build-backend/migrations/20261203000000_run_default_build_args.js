// @ts-check

/**
 * Which of the operators' default build args (app-config) a run used, by name.
 * Their values are applied at build time and never stored with the run, since
 * operators put registry tokens there.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.text('default_build_args_json').notNullable().defaultTo('[]').comment('Names of the app-config build args the run used');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.dropColumn('default_build_args_json');
  });
};
