// @ts-check

/**
 * Builds that push, and build several platforms: what a run pushed (its tags,
 * the digest they name, each platform's image) and, for runs of several
 * platforms, the platform each step was built for.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.text('pushed_json').nullable().comment('What the run pushed: repository, tags, digest and per-platform digests; null when it pushed nothing');
  });
  await knex.schema.alterTable('multistage_build_steps', table => {
    table.string('platform', 64).nullable().comment('The platform the step was built for, in runs of several platforms');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multistage_build_steps', table => {
    table.dropColumn('platform');
  });
  await knex.schema.alterTable('multistage_build_runs', table => {
    table.dropColumn('pushed_json');
  });
};
