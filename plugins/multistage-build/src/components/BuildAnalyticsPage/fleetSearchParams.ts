/*
 * The page's state lives in the URL (`?days=90&owner=team-a&sort=durationP95&
 * order=desc&page=2`), so a link reproduces the view and Back undoes a change.
 * These functions are the one mapping between the URL and the API's query.
 */
import {
  fleetSortFields,
  fleetWindows,
  type FleetQuery,
  type FleetSortField,
  type FleetWindow,
} from '@stagecraft/plugin-multistage-build-common';

export const defaultWindow: FleetWindow = 30;
export const defaultPageSize = 20;
export const pageSizes = [20, 50, 100];

/** The filters that narrow the table, by their URL parameter (the query's field of the same name). */
export const fleetFilterNames = ['owner', 'system', 'lifecycle', 'kind', 'type', 'state'] as const;
export type FleetFilterName = (typeof fleetFilterNames)[number];

const fleetStates: readonly NonNullable<FleetQuery['state']>[] = ['never-built', 'failing'];

/** The window in the URL; the default for a missing or unknown value, rather than a request the server refuses. */
export function windowFromParams(params: URLSearchParams): FleetWindow {
  const days = Number(params.get('days'));
  return fleetWindows.find(w => w === days) ?? defaultWindow;
}

export interface FleetTableView {
  /** What to ask the server for: this page of the rows. */
  query: FleetQuery;
  page: number;
  pageSize: number;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find(v => v === value);
}

/** The table's query from the URL; values the API does not know are left out, not sent. */
export function fleetTableView(params: URLSearchParams): FleetTableView {
  const page = Math.max(0, Math.floor(Number(params.get('page')) || 0));
  const size = Number(params.get('size'));
  const pageSize = pageSizes.includes(size) ? size : defaultPageSize;
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const sort = oneOf<FleetSortField>(fleetSortFields, params.get('sort'));
  const query: FleetQuery = {
    days: windowFromParams(params),
    search: text('search'),
    owner: text('owner'),
    system: text('system'),
    lifecycle: text('lifecycle'),
    kind: text('kind'),
    type: text('type'),
    state: oneOf(fleetStates, params.get('state')),
    // Set from a rule's page ("entities with this finding"), shown as a chip to remove.
    rule: text('rule'),
    sort,
    order: sort ? oneOf(['asc', 'desc'] as const, params.get('order')) ?? 'asc' : undefined,
    offset: page * pageSize,
    limit: pageSize,
  };
  return { query, page, pageSize };
}

/**
 * The URL after setting (or, with null or '', removing) some parameters. Any
 * change but the page itself goes back to the first page: page 7 of another
 * filter is rarely what one wants.
 */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
  }
  if (!('page' in changes)) next.delete('page');
  return next;
}

/** The CSV export's query: the table's filters and order, all pages. */
export function csvQuery(query: FleetQuery): FleetQuery {
  const { offset: _offset, limit: _limit, ...rest } = query;
  return rest;
}

/** `build-analytics-30d.csv`: the window in the name, since the same table over another window differs. */
export function csvFileName(days: FleetWindow): string {
  return `build-analytics-${days}d.csv`;
}
