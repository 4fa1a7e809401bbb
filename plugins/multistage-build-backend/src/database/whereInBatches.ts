import type { Knex } from 'knex';

/** PostgreSQL allows 65535 bind parameters per statement; lists are sent in batches well below it. */
export const batchSize = 500;

/** `column IN (values)`, as OR-ed batches so a list of thousands stays below the bind-parameter limit. */
export function whereInBatches<Q extends Knex.QueryBuilder>(query: Q, column: string, values: readonly string[]): Q {
  return query.where(builder => {
    // An empty list matches nothing (not, as an empty group would, everything).
    if (values.length === 0) builder.whereRaw('1 = 0');
    for (let i = 0; i < values.length; i += batchSize) builder.orWhereIn(column, values.slice(i, i + batchSize));
  }) as Q;
}
