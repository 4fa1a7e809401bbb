/*
 * The fleet table's filters, search and order, over every visible row (a
 * couple of thousand at most) in memory: its sort keys are percentiles and
 * trends computed from histograms, which SQL cannot order by portably.
 */
import type { FleetEntity, FleetQuery, FleetSortField } from '@stagecraft/plugin-multistage-build-common';

export function filterFleet<R extends FleetEntity>(rows: R[], query: FleetQuery): R[] {
  const search = query.search?.trim().toLocaleLowerCase();
  return rows.filter(
    row =>
      (!query.owner || row.owner === query.owner) &&
      (!query.system || row.system === query.system) &&
      (!query.lifecycle || row.lifecycle === query.lifecycle) &&
      (!query.kind || row.kind.toLocaleLowerCase() === query.kind.toLocaleLowerCase()) &&
      (!query.type || row.type === query.type) &&
      (query.state !== 'never-built' || row.lastBuild === null) &&
      (query.state !== 'failing' || row.lastBuild?.status === 'failed') &&
      (!search ||
        [row.name, row.title, row.owner, row.system, row.entityRef].some(v => v?.toLocaleLowerCase().includes(search))),
  );
}

const findingWeight = (row: FleetEntity) =>
  row.openFindings ? row.openFindings.error * 1e6 + row.openFindings.warning * 1e3 + row.openFindings.info : null;

const sortKeys: Record<FleetSortField, (row: FleetEntity) => string | number | null> = {
  name: row => (row.title ?? row.name).toLocaleLowerCase(),
  owner: row => row.owner,
  system: row => row.system,
  lastBuild: row => (row.lastBuild ? Date.parse(row.lastBuild.createdAt) : null),
  builds: row => row.builds,
  durationP50: row => row.durationP50Ms,
  durationP95: row => row.durationP95Ms,
  cacheHitRatio: row => row.cacheHitRatio,
  imageSize: row => row.imageSize,
  imageSizeChange: row => row.imageSizeChange,
  // Errors outweigh warnings, warnings infos.
  findings: findingWeight,
};

/** Sorted by `query.sort` (name when absent); rows without a value last in either order, ties by ref. */
export function sortFleet<R extends FleetEntity>(rows: R[], query: FleetQuery): R[] {
  const key = sortKeys[query.sort ?? 'name'];
  const direction = query.order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return (x < y ? -1 : 1) * direction;
    }
    return a.entityRef.localeCompare(b.entityRef);
  });
}
