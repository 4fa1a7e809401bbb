import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef, type CompoundEntityRef } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { StageSummary } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../../api';
import { BuildRunView } from '../BuildRunView';

/** Start a build of a chosen target, and follow it and earlier runs. */
export function BuildPanel(props: { entity: CompoundEntityRef; stages: StageSummary[]; enabled: boolean }) {
  const api = useApi(multistageBuildApiRef);
  const targets = props.stages.filter(s => s.name !== null).map(s => s.name!);
  const [target, setTarget] = useState(targets[targets.length - 1] ?? '');
  const [noCache, setNoCache] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const [startError, setStartError] = useState<Error | undefined>();
  // Kind, namespace and name: two entities may share a name.
  const runs = useAsyncRetry(() => api.listBuilds(props.entity), [api, stringifyEntityRef(props.entity)]);
  const shown = selected ?? runs.value?.[0]?.id;

  const start = async () => {
    setStartError(undefined);
    try {
      const run = await api.startBuild(props.entity, { target: target || null, noCache });
      setSelected(run.id);
      runs.retry();
    } catch (e) {
      setStartError(e as Error);
    }
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Build">
          <TextField
            select
            fullWidth
            label="Target"
            value={target}
            onChange={e => setTarget(e.target.value)}
            inputProps={{ 'aria-label': 'Target stage' }}
          >
            {targets.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            control={<Checkbox checked={noCache} onChange={e => setNoCache(e.target.checked)} />}
            label="Without cache"
          />
          <Button variant="contained" color="primary" disabled={!props.enabled} onClick={start}>
            Start build
          </Button>
          {startError && <ResponseErrorPanel error={startError} title="The build did not start" />}
          <List dense aria-label="Recent builds">
            {(runs.value ?? []).map(run => (
              <ListItem key={run.id} button selected={run.id === shown} onClick={() => setSelected(run.id)}>
                <ListItemText
                  primary={`${run.status} · ${run.target ?? 'last stage'}`}
                  secondary={new Date(run.createdAt).toLocaleString()}
                />
              </ListItem>
            ))}
          </List>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        {shown && <BuildRunView key={shown} runId={shown} onFinished={() => runs.retry()} />}
      </Grid>
    </Grid>
  );
}
