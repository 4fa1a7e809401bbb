import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { looksLikeSecretName, type BuildRun, type StageSummary } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';
import { multistageBuildApiRef } from '../../api';
import { errorMessage } from '../../format/errorMessage';
import { useBuildConfig } from '../../hooks/useBuildConfig';
import { useDeclaredArgs } from '../../hooks/useDeclaredArgs';
import { useEntityRef } from '../../hooks/useEntityRef';
import { TargetSelect } from '../TargetSelect';

/**
 * Start a build: a target and a one-off override of build args over the saved
 * configuration (blank keeps the saved value or the Dockerfile's default).
 */
export function StartBuildDialog(props: {
  stages: StageSummary[];
  onClose: () => void;
  onStarted: (run: BuildRun) => void;
}) {
  const api = useApi(multistageBuildApiRef);
  const { ref } = useEntityRef();
  const { current } = useBuildConfig();
  const saved = current.value?.config;
  const targets = props.stages.flatMap(s => (s.name ? [s.name] : []));
  const [target, setTarget] = useState<string>('');
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  // Unset until the user ticks or unticks it: the saved "without the cache" applies.
  const [noCache, setNoCache] = useState<boolean | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { args } = useDeclaredArgs();

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const buildArgs = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== ''));
      const run = await api.startBuild(ref, {
        ...(target ? { target } : {}),
        ...(Object.keys(buildArgs).length > 0 ? { buildArgs } : {}),
        ...(noCache === undefined ? {} : { noCache }),
      });
      props.onStarted(run);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm" aria-labelledby="start-build-title">
      <DialogTitle id="start-build-title">Start build</DialogTitle>
      <DialogContent>
        <TargetSelect
          fullWidth
          label="Target"
          empty="saved target"
          targets={targets}
          value={target}
          onChange={value => setTarget(value ?? '')}
          helperText={`Blank builds the saved target (${saved?.target ?? 'the last stage'})`}
        />
        {args.length > 0 && <Typography variant="subtitle2">Build args for this build only</Typography>}
        {args.map(arg => {
          const secret = looksLikeSecretName(arg.name);
          return (
            <TextField
              key={arg.name}
              id={`start-build-arg-${arg.name}`}
              fullWidth
              margin="dense"
              label={arg.name}
              value={overrides[arg.name] ?? ''}
              disabled={secret}
              placeholder={saved?.buildArgs[arg.name] ?? arg.defaultValue ?? ''}
              helperText={
                secret
                  ? 'Looks like a secret: pass it as a build secret, never as a build arg'
                  : `saved: ${saved?.buildArgs[arg.name] ?? '—'} · default: ${arg.defaultValue ?? '—'}`
              }
              onChange={e => setOverrides({ ...overrides, [arg.name]: e.target.value })}
            />
          );
        })}
        <FormControlLabel
          control={<Checkbox checked={noCache ?? saved?.cache.disabled ?? false} onChange={e => setNoCache(e.target.checked)} />}
          label="Without cache"
        />
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button color="primary" variant="contained" disabled={busy} onClick={start}>
          Start
        </Button>
      </DialogActions>
    </Dialog>
  );
}
