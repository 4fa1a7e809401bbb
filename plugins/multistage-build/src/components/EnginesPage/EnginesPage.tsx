import { ContentHeader, EmptyState, InfoCard, LinkButton, Progress, ResponseErrorPanel, StatusError, StatusOK, Table, type TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { multistageBuildEnginesReadPermission, multistageBuildPrunePermission, type EngineView } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';
import { multistageBuildApiRef } from '../../api';
import { errorMessage } from '../../format/errorMessage';
import { formatBytes, formatTime } from '../../format/units';
import { useEngines } from '../../hooks/useEngines';

function PruneButton(props: { engine: EngineView; allowed: boolean; onPruned: () => void }) {
  const api = useApi(multistageBuildApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const { engine } = props;
  let reason = `Remove the cache records no image uses on ${engine.name}; its next builds start cold`;
  if (!engine.healthy) reason = `${engine.name} is out: ${engine.reason}`;
  if (!props.allowed) reason = `You may not prune build caches (permission ${multistageBuildPrunePermission.name})`;
  const prune = async () => {
    setBusy(true);
    try {
      const { reclaimedBytes } = await api.pruneEngine(engine.name);
      alertApi.post({ message: `Pruned ${engine.name}'s build cache: ${formatBytes(reclaimedBytes)} freed`, severity: 'success', display: 'transient' });
      props.onPruned();
    } catch (e) {
      alertApi.post({ message: `Could not prune ${engine.name}'s build cache: ${errorMessage(e)}`, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip title={reason}>
      <span>
        <Button size="small" disabled={busy || !props.allowed || !engine.healthy} onClick={prune} data-prune-engine={engine.name}>
          Prune cache
        </Button>
      </span>
    </Tooltip>
  );
}

/**
 * The builders (`multistageBuild.builders`) as every replica shares them:
 * health and why a builder is out, builds running on it across replicas
 * against its limit, its platforms and build cache, and prune per builder.
 * Behind its own permission, `multistage-build.engines.read`.
 */
export function EnginesPage(props: { base: string }) {
  const engines = useEngines();
  const prune = usePermission({ permission: multistageBuildPrunePermission });
  const back = (
    <LinkButton to={props.base} variant="outlined">
      Build analytics
    </LinkButton>
  );
  const header = (
    <ContentHeader title="Builders" description="The Docker engines builds run on, as this replica sees them; load is counted across every replica">
      {back}
    </ContentHeader>
  );
  if (engines.error) {
    if (engines.error instanceof ResponseError && engines.error.response.status === 403) {
      return (
        <>
          {header}
          <EmptyState
            missing="info"
            title="You may not see the builders"
            description={`Seeing the builders needs the permission ${multistageBuildEnginesReadPermission.name}; ask the portal's operators.`}
          />
        </>
      );
    }
    return (
      <>
        {header}
        <ResponseErrorPanel error={engines.error} title="Builders" />
      </>
    );
  }
  if (!engines.value) return <Progress />;
  const columns: TableColumn<EngineView>[] = [
    {
      title: 'Builder',
      render: e => (
        <>
          <Typography variant="body2">
            <strong>{e.name}</strong>
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {e.endpoint}
            {e.tls ? ' · TLS client certificate' : ''}
          </Typography>
        </>
      ),
    },
    {
      title: 'Health',
      render: e => (
        <div data-engine-health={e.name}>
          {e.healthy ? <StatusOK>healthy</StatusOK> : <StatusError>out</StatusError>}
          <Typography variant="caption" color="textSecondary" display="block">
            {e.healthy ? `Docker ${e.version}` : e.reason}
            {e.checkedAt ? ` · checked ${formatTime(e.checkedAt)}` : ''}
          </Typography>
        </div>
      ),
    },
    { title: 'Running', render: e => <span data-engine-load={e.name}>{`${e.running} of ${e.concurrency}`}</span> },
    { title: 'Platforms', render: e => e.platforms.join(', ') || '—' },
    {
      title: 'Build cache',
      render: e => (e.cache ? `${formatBytes(e.cache.sizeBytes)} in ${e.cache.records} records; ${formatBytes(e.cache.reclaimableBytes)} reclaimable` : '—'),
    },
    { title: '', render: e => <PruneButton engine={e} allowed={prune.allowed} onPruned={engines.retry} /> },
  ];
  const out = engines.value.engines.filter(e => !e.healthy);
  return (
    <>
      {header}
      <InfoCard
        title={`${engines.value.engines.length} builder${engines.value.engines.length === 1 ? '' : 's'}`}
        subheader={`${engines.value.queued} build${engines.value.queued === 1 ? '' : 's'} queued across every replica${out.length > 0 ? ` · ${out.map(e => e.name).join(', ')} out: no new builds go there` : ''}`}
        noPadding
      >
        <Table<EngineView>
          options={{ paging: false, search: false, toolbar: false, padding: 'dense' }}
          columns={columns}
          data={engines.value.engines}
        />
      </InfoCard>
    </>
  );
}
