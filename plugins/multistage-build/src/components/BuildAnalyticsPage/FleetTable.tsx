import { parseEntityRef, type CompoundEntityRef } from '@backstage/catalog-model';
import { Link, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TablePagination from '@material-ui/core/TablePagination';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import type { FleetEntity, FleetFacets, FleetSortField } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { multistageBuildApiRef } from '../../api';
import { errorMessage } from '../../format/errorMessage';
import { formatAge, formatBytes, formatBytesChange, formatDuration, formatPercent, formatTime } from '../../format/units';
import { useFleetEntities } from '../../hooks/useFleetEntities';
import { downloadText } from '../RunPage/downloadText';
import { RunStatusChip, findingCountsText } from '../RunStatus';
import { FleetFilters } from './FleetFilters';
import { csvFileName, csvQuery, fleetFilterNames, fleetTableView, pageSizes, withParams, type FleetFilterName } from './fleetSearchParams';
import { Sparkline } from './Sparkline';
import { useEntityTabLinks } from './useEntityTabLinks';

/** Figures and statuses stay on one line; the entity, owner and system columns wrap. */
const nowrap = { whiteSpace: 'nowrap' } as const;

/** An owner or system as the catalog links it (`platform`, not `group:default/platform`); as written when it is not a ref. */
function CatalogRef(props: { entityRef: string | null; defaultKind: string }) {
  if (!props.entityRef) return <>—</>;
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(props.entityRef, { defaultKind: props.defaultKind, defaultNamespace: 'default' });
  } catch {
    return <>{props.entityRef}</>;
  }
  return <EntityRefLink entityRef={ref} defaultKind={props.defaultKind} />;
}

/** A column and the server's sort field its header sorts by, if any. */
type FleetColumn = { sort?: FleetSortField; column: TableColumn<FleetEntity> };

function FindingsCell(props: { entity: FleetEntity }) {
  const { openFindings, scanError } = props.entity;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <span>{openFindings ? findingCountsText(openFindings) : 'not analysed yet'}</span>
      {scanError && (
        <Tooltip title={`The current Dockerfile could not be analysed: ${scanError}`}>
          <WarningIcon fontSize="small" color="error" aria-label={`Analysis failed: ${scanError}`} />
        </Tooltip>
      )}
    </Box>
  );
}

/**
 * Every annotated entity the viewer may see, built or not: a page at a time
 * from the server, searched, filtered and sorted there, all of it in the URL.
 * Export CSV downloads every row the filters match, in the same order.
 */
export function FleetTable(props: { facets: FleetFacets }) {
  const api = useApi(multistageBuildApiRef);
  const alertApi = useApi(alertApiRef);
  const tabOf = useEntityTabLinks();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const { query, page, pageSize } = fleetTableView(params);
  const entities = useFleetEntities(query);
  const days = query.days!;

  const set = (changes: Record<string, string | null>) => setParams(withParams(params, changes));
  const filterValues = {
    search: query.search ?? '',
    ...(Object.fromEntries(fleetFilterNames.map(name => [name, query[name] ?? ''])) as Record<FleetFilterName, string>),
  };
  const filtered = Object.values(filterValues).some(v => v !== '') || Boolean(query.rule);

  const exportCsv = async () => {
    setExporting(true);
    try {
      downloadText(csvFileName(days), await api.getFleetCsv(csvQuery(query)), 'text/csv');
    } catch (e) {
      alertApi.post({ message: `Could not export the table: ${errorMessage(e)}`, severity: 'error' });
    } finally {
      setExporting(false);
    }
  };

  const columns: FleetColumn[] = [
    {
      sort: 'name',
      column: {
        title: 'Entity',
        render: e => (
          <>
            <Link to={tabOf(e.entityRef).base} data-entity-link={e.entityRef}>
              {e.title ?? e.name}
            </Link>
            <Typography variant="caption" display="block" color="textSecondary">
              {[e.kind, e.type, e.lifecycle].filter(Boolean).join(' · ')}
            </Typography>
          </>
        ),
      },
    },
    { sort: 'owner', column: { title: 'Owner', render: e => <CatalogRef entityRef={e.owner} defaultKind="group" /> } },
    { sort: 'system', column: { title: 'System', render: e => <CatalogRef entityRef={e.system} defaultKind="system" /> } },
    {
      sort: 'lastBuild',
      column: {
        title: 'Last build',
        cellStyle: nowrap,
        render: e =>
          e.lastBuild ? (
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <RunStatusChip status={e.lastBuild.status} />
              <Link to={tabOf(e.entityRef).run(e.lastBuild.runId)} title={formatTime(e.lastBuild.createdAt)} data-run-link={e.lastBuild.runId}>
                {formatAge(e.lastBuild.createdAt)}
              </Link>
              {e.lastBuild.engine && (
                <Typography variant="caption" color="textSecondary" title="The builder that ran it" data-run-engine={e.lastBuild.engine}>
                  on {e.lastBuild.engine}
                </Typography>
              )}
            </Box>
          ) : (
            <Typography variant="body2" color="textSecondary">
              never built
            </Typography>
          ),
      },
    },
    { sort: 'builds', column: { title: 'Builds', cellStyle: nowrap, render: e => e.builds } },
    { sort: 'durationP50', column: { title: 'p50', cellStyle: nowrap, render: e => formatDuration(e.durationP50Ms) } },
    { sort: 'durationP95', column: { title: 'p95', cellStyle: nowrap, render: e => formatDuration(e.durationP95Ms) } },
    { sort: 'cacheHitRatio', column: { title: 'Cached steps', cellStyle: nowrap, render: e => formatPercent(e.cacheHitRatio) } },
    { sort: 'imageSize', column: { title: 'Image size', cellStyle: nowrap, render: e => formatBytes(e.imageSize) } },
    { sort: 'imageSizeChange', column: { title: 'Size change', cellStyle: nowrap, render: e => (e.imageSizeChange === null ? '—' : formatBytesChange(e.imageSizeChange)) } },
    { sort: 'findings', column: { title: 'Open findings', cellStyle: nowrap, render: e => <FindingsCell entity={e} /> } },
    {
      column: {
        title: 'Duration trend',
        render: e => <Sparkline values={e.sparkline} label={`Mean build duration per day of ${e.title ?? e.name}`} />,
      },
    },
  ];

  return (
    <>
      <Box display="flex" alignItems="flex-end" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
        <FleetFilters facets={props.facets} values={filterValues} onChange={(name, value) => set({ [name]: value })} />
        {query.rule && (
          <Chip
            label={`With findings of ${query.rule}`}
            onDelete={() => set({ rule: null })}
            data-rule-filter={query.rule}
          />
        )}
        <Box flexGrow={1} />
        <Button variant="outlined" disabled={exporting} onClick={exportCsv}>
          Export CSV
        </Button>
      </Box>
      {entities.error && <ResponseErrorPanel error={entities.error} title="Entities" />}
      <Table<FleetEntity>
        title="Entities"
        subtitle={entities.value ? `${entities.value.total} ${filtered ? 'match' : 'in all'}` : undefined}
        isLoading={entities.loading}
        // The server sorts; the table only reports header clicks, and each
        // column's no-op customSort keeps the server's order on the page.
        options={{ paging: false, search: false, sorting: true, thirdSortClick: false, draggable: false, padding: 'dense' }}
        onOrderChange={(index, direction) => {
          const sort = columns[index]?.sort;
          set(sort && direction ? { sort, order: direction } : { sort: null, order: null });
        }}
        columns={columns.map(({ sort, column }) =>
          sort
            ? { ...column, customSort: () => 0, defaultSort: query.sort === sort ? query.order : undefined }
            : { ...column, sorting: false },
        )}
        data={entities.value?.items ?? []}
        emptyContent={
          <Box p={2}>{filtered ? 'No entity matches these filters.' : 'No entity names a Dockerfile.'}</Box>
        }
      />
      <TablePagination
        component="div"
        count={entities.value?.total ?? 0}
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={pageSizes}
        onPageChange={(_e, next) => set({ page: String(next) })}
        onRowsPerPageChange={e => set({ size: e.target.value })}
      />
    </>
  );
}
