import { InfoCard, Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { BuildRun, BuildStep } from '@stagecraft/plugin-multistage-build-common';
import useAsync from 'react-use/esm/useAsync';
import { multistageBuildApiRef, type ImageLayer } from '../../api';
import { formatBytes } from '../../format/units';

/**
 * The bases from the FROM steps (the instruction the backend read from
 * BuildKit's vertex name): `docker.io/library/gcc:12@sha256:…` when pulled,
 * the name alone for a local image (which has no registry digest).
 */
function baseImages(steps: BuildStep[]): string[] {
  const bases = new Set<string>();
  for (const step of steps) {
    const base = /^FROM\s+(\S+)/.exec(step.instruction ?? '')?.[1];
    if (base) bases.add(base.includes('@sha256:') ? base : `${base} (local image: no registry digest)`);
  }
  return [...bases];
}

const layerColumns: TableColumn<ImageLayer & { id: number }>[] = [
  { title: 'Size', width: '8em', render: l => formatBytes(l.sizeBytes) },
  {
    title: 'Created by',
    render: l => <code style={{ wordBreak: 'break-all' }}>{l.createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '')}</code>,
  },
];

/** What the run built with and what it made: build args, bases, stage sizes, the image's layers. */
export function RunDetails(props: { run: BuildRun; steps: BuildStep[] }) {
  const api = useApi(multistageBuildApiRef);
  const { run } = props;
  const layers = useAsync(async () => (run.imageId ? api.getLayers(run.id) : undefined), [api, run.id, run.imageId]);
  const args = Object.entries(run.config.buildArgs);
  const bases = baseImages(props.steps);
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Build args">
          {args.length === 0 && run.defaultBuildArgs.length === 0 && <Typography>None: the Dockerfile's defaults.</Typography>}
          {args.map(([name, value]) => (
            <Typography key={name} variant="body2" data-build-arg={name}>
              <code>{name}</code> = <code>{value}</code>
            </Typography>
          ))}
          {run.defaultBuildArgs.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              From the operators' defaults (values not stored): {run.defaultBuildArgs.join(', ')}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Base images and stage sizes">
          {bases.length === 0 && <Typography variant="body2">No base image was reported.</Typography>}
          {bases.map(base => (
            <Typography key={base} variant="body2" style={{ wordBreak: 'break-all' }}>
              <code>{base}</code>
            </Typography>
          ))}
          {Object.entries(run.stageSizes).map(([stage, size]) => (
            <Typography key={stage} variant="body2" data-stage-size={stage}>
              {stage}: {formatBytes(size)}
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      {run.imageId && (
        <Grid item xs={12}>
          <Table
            title="Image layers"
            subtitle={`${run.imageId.slice(0, 19)} · ${formatBytes(run.imageSize)}, newest layer first`}
            isLoading={layers.loading}
            options={{ paging: false, search: false, padding: 'dense', sorting: false }}
            columns={layerColumns}
            data={(layers.value?.layers ?? []).map((l, id) => ({ ...l, id }))}
            emptyContent={<Typography style={{ padding: 16 }}>{layers.error ? `The engine did not answer: ${layers.error.message}` : 'No layers.'}</Typography>}
          />
        </Grid>
      )}
    </Grid>
  );
}
