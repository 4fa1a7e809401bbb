import { Link, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TablePagination from '@material-ui/core/TablePagination';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import type { BuildRun, BuildRunStatus } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { multistageBuildApiRef } from '../../api';
import { errorMessage } from '../../format/errorMessage';
import { formatBytes, formatDuration, formatPercent, formatTime, runDurationMs } from '../../format/units';
import { useBuildPermissions } from '../../hooks/useBuildPermissions';
import { useBuildRuns } from '../../hooks/useBuildRuns';
import { useEntityDockerfile } from '../../hooks/useEntityDockerfile';
import { useWorkspaceLinks } from '../BuildWorkspace/workspaceLinks';
import { RunStatusChip, findingCountsText } from '../RunStatus';
import { EngineCacheCard } from './EngineCacheCard';
import { StartBuildDialog } from './StartBuildDialog';

const statuses: BuildRunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
/** The target filter's value for runs of the Dockerfile's last stage. */
const lastStage = '(last stage)';

function cachedRatio(run: BuildRun): number | null {
  const steps = run.cacheHits + run.cacheMisses;
  return steps > 0 ? run.cacheHits / steps : null;
}

/**
 * Every build of the entity: a page at a time from the server, filtered by
 * status and target (kept in the URL), with Start build and Rebuild.
 */
export function BuildsView(props: { engineAvailable: boolean }) {
  const api = useApi(multistageBuildApiRef);
  const alertApi = useApi(alertApiRef);
  const links = useWorkspaceLinks();
  const navigate = useNavigate();
  const permissions = useBuildPermissions();
  const [params, setParams] = useSearchParams();
  const [starting, setStarting] = useState(false);
  const status = params.get('status') as BuildRunStatus | null;
  const targetParam = params.get('target');
  const page = Number(params.get('page') ?? '0');
  const pageSize = Number(params.get('size') ?? '20');
  let target: string | null | undefined = targetParam ?? undefined;
  if (targetParam === lastStage) target = null;
  const runs = useBuildRuns({ limit: pageSize, offset: page * pageSize, status: status ? [status] : undefined, target });
  const dockerfile = useEntityDockerfile();
  const targets = (dockerfile.value?.stages ?? []).flatMap(s => (s.name ? [s.name] : []));

  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
    if (name !== 'page') next.delete('page');
    setParams(next);
  };

  const rebuild = async (run: BuildRun) => {
    try {
      const started = await api.rebuild(run.id);
      navigate(links.run(started.id));
    } catch (e) {
      alertApi.post({ message: `Could not rebuild: ${errorMessage(e)}`, severity: 'error' });
    }
  };

  const canBuild = props.engineAvailable && permissions.run.allowed;
  const buildReason = !props.engineAvailable ? 'The Docker engine is unavailable' : permissions.run.reason;

  const columns: TableColumn<BuildRun>[] = [
    { title: 'Status', cellStyle: { whiteSpace: 'nowrap' }, render: run => <RunStatusChip status={run.status} /> },
    {
      title: 'Run',
      render: run => (
        <Link to={links.run(run.id)} data-run-link={run.id}>
          {run.id.slice(0, 8)}
        </Link>
      ),
    },
    { title: 'Target', render: run => run.target ?? 'last stage' },
    { title: 'Builder', render: run => <span data-run-engine={run.engine ?? ''}>{run.engine ?? '—'}</span> },
    { title: 'Started by', render: run => run.requestedBy ?? '—' },
    { title: 'When', render: run => formatTime(run.createdAt) },
    { title: 'Duration', render: run => formatDuration(runDurationMs(run)) },
    { title: 'Cached steps', render: run => formatPercent(cachedRatio(run)) },
    { title: 'Image size', render: run => formatBytes(run.imageSize) },
    { title: 'Findings', render: run => findingCountsText(run.findings) },
    {
      title: '',
      render: run => (
        <Tooltip title={buildReason ?? 'Build again with the same target and build args'}>
          <span>
            <Button size="small" disabled={!canBuild} onClick={() => rebuild(run)}>
              Rebuild
            </Button>
          </span>
        </Tooltip>
      ),
    },
  ];

  return (
    <>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <TextField
          select
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          label="Status"
          value={status ?? ''}
          onChange={e => setFilter('status', e.target.value)}
          style={{ minWidth: 160 }}
          inputProps={{ 'aria-label': 'Filter by status' }}
        >
          <MenuItem value="">All</MenuItem>
          {statuses.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          label="Target"
          value={targetParam ?? ''}
          onChange={e => setFilter('target', e.target.value)}
          style={{ minWidth: 160 }}
          inputProps={{ 'aria-label': 'Filter by target' }}
        >
          <MenuItem value="">All</MenuItem>
          <MenuItem value={lastStage}>last stage</MenuItem>
          {targets.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <Box flexGrow={1} />
        <Tooltip title={buildReason ?? ''}>
          <span>
            <Button variant="contained" color="primary" disabled={!canBuild} onClick={() => setStarting(true)}>
              Start build
            </Button>
          </span>
        </Tooltip>
      </Box>
      {runs.error && <ResponseErrorPanel error={runs.error} title="Builds" />}
      <Table<BuildRun>
        title="Builds"
        subtitle={runs.value ? `${runs.value.total} in all` : undefined}
        isLoading={runs.loading}
        options={{ paging: false, search: false, sorting: false, padding: 'dense' }}
        columns={columns}
        data={runs.value?.items ?? []}
        emptyContent={
          <Box p={2}>
            {status || targetParam !== null
              ? 'No builds match these filters.'
              : 'No builds yet. Start one to see its timeline, logs, cache behaviour and sizes here.'}
          </Box>
        }
      />
      <TablePagination
        component="div"
        count={runs.value?.total ?? 0}
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[20, 50, 100]}
        onPageChange={(_e, next) => setFilter('page', String(next))}
        onRowsPerPageChange={e => {
          const next = new URLSearchParams(params);
          next.set('size', e.target.value);
          next.delete('page');
          setParams(next);
        }}
      />
      <Box mt={2}>
        <EngineCacheCard prune={permissions.prune} engineAvailable={props.engineAvailable} />
      </Box>
      {starting && (
        <StartBuildDialog
          stages={dockerfile.value?.stages ?? []}
          onClose={() => setStarting(false)}
          onStarted={run => navigate(links.run(run.id))}
        />
      )}
    </>
  );
}
