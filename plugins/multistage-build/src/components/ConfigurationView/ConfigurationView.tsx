import { InfoCard, Progress, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  looksLikeSecretName,
  type BuildConfig,
  type BuildConfigVersion,
  type StoredBuildConfig,
} from '@stagecraft/plugin-multistage-build-common';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../format/errorMessage';
import { formatTime } from '../../format/units';
import { useBuildConfig } from '../../hooks/useBuildConfig';
import { useBuildPermissions } from '../../hooks/useBuildPermissions';
import { useDeclaredArgs } from '../../hooks/useDeclaredArgs';
import { CommaListField } from './CommaListField';
import { configChanges } from './configChanges';
import { fieldOfError } from './fieldErrors';
import { TargetSelect } from '../TargetSelect';

/** What each setting does, and what the engine cannot apply (the API refuses those with the reason too). */
const helpText = {
  platforms: 'Empty: the builder’s own. Several are built one after another on one builder and pushed as a manifest list (needs push).',
  cacheTo: 'type=inline puts the final stage’s cache in the pushed image (needs push). A registry cache with mode=max needs a BuildKit daemon and is refused.',
  stageNoCache: "Per-stage no-cache needs buildx's --no-cache-filter; use “Build without the cache” for every stage.",
  push: 'A repository on a registry the operators configured (multistageBuild.registries); empty: the image stays on the builder.',
  tags: 'Comma-separated templates: {runId}, {shortRunId}, {commit}, {date}, {target}, {entity}, e.g. {date}-{shortRunId}, latest',
  secrets: 'Ids of secrets (multistageBuild.secrets) RUN --mount=type=secret may read; values stay in app-config, never here.',
  ssh: 'Ids of SSH agents (multistageBuild.ssh) RUN --mount=type=ssh may reach; default is the id of a mount without one.',
};


/**
 * The entity's saved build configuration as a form: target, every ARG the
 * Dockerfile declares, platform, cache imports. Saved over the version read:
 * a stale save shows the newer version and offers to reload.
 */
export function ConfigurationView() {
  const { current, history, save, latest } = useBuildConfig();
  const permissions = useBuildPermissions();
  const [draft, setDraft] = useState<BuildConfig | undefined>();
  const [error, setError] = useState<{ field?: string; message: string } | undefined>();
  const [conflict, setConflict] = useState<StoredBuildConfig | undefined>();
  const [savedVersion, setSavedVersion] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (current.value) setDraft(current.value.config);
  }, [current.value]);
  const { args, targets } = useDeclaredArgs();

  if (current.error) return <ResponseErrorPanel error={current.error} title="Build configuration" />;
  if (!current.value || !draft) return <Progress />;
  const stored = current.value;
  const undeclared = Object.keys(draft.buildArgs).filter(name => !args.some(a => a.name === name));
  const canSave = permissions.configure.allowed && !busy && !current.loading;
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  const setArg = (name: string, value: string) => {
    const buildArgs = { ...draft.buildArgs };
    if (value === '') delete buildArgs[name];
    else buildArgs[name] = value;
    setDraft({ ...draft, buildArgs });
  };

  const onSave = async () => {
    setBusy(true);
    setError(undefined);
    setConflict(undefined);
    try {
      const saved = await save(stored.version, draft);
      setSavedVersion(saved.version);
      current.retry();
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) {
        try {
          setConflict(await latest());
        } catch (reloadError) {
          setError({ message: `Not saved: someone saved a newer version meanwhile, and reading it failed: ${errorMessage(reloadError)}` });
        }
      } else {
        const message = errorMessage(e);
        setError({ field: fieldOfError(message), message });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} lg={7}>
        <InfoCard
          title="Build configuration"
          subheader={
            stored.version === 0
              ? 'Never saved: builds use the Dockerfile’s defaults'
              : `Version ${stored.version}, saved by ${stored.updatedBy ?? 'unknown'} at ${formatTime(stored.updatedAt)}`
          }
        >
          {conflict && (
            <Alert
              severity="warning"
              data-testid="stale-save"
              action={
                <Button color="inherit" size="small" onClick={() => { setConflict(undefined); current.retry(); }}>
                  Reload
                </Button>
              }
            >
              Not saved: someone saved version {conflict.version} meanwhile
              {conflict.updatedBy ? ` (${conflict.updatedBy}, ${formatTime(conflict.updatedAt)})` : ''}. Reload it and apply
              your change again. Their change: {configChanges(stored.config, conflict.config).join('; ')}.
            </Alert>
          )}
          {savedVersion !== undefined && !conflict && !error && stored.version === savedVersion && (
            <Alert severity="success">Saved as version {savedVersion}.</Alert>
          )}
          {error && !error.field && <Alert severity="error">{error.message}</Alert>}
          <TargetSelect
            fullWidth
            label="Default target"
            empty="last stage"
            targets={targets}
            value={draft.target}
            onChange={value => setDraft({ ...draft, target: value })}
            error={Boolean(fieldError('target'))}
            helperText={fieldError('target') ?? 'The stage a build builds unless it names another'}
          />

          <Typography variant="h6">Build args</Typography>
          {fieldError('buildArgs') && <Typography color="error" role="alert">{fieldError('buildArgs')}</Typography>}
          {args.length === 0 && <Typography color="textSecondary">The Dockerfile declares no ARG.</Typography>}
          {[...args.map(a => ({ ...a, declared: true })), ...undeclared.map(name => ({ name, defaultValue: null, global: false, stages: [] as string[], declared: false }))].map(arg => {
            const secret = looksLikeSecretName(arg.name);
            let help = `default ${arg.defaultValue ?? '(none)'} · ${arg.global ? 'global, ' : ''}used by ${arg.stages.join(', ') || 'no stage'}`;
            if (!arg.declared) help = 'Not declared by the Dockerfile: the build ignores it';
            if (secret) help = 'Looks like a secret: pass it as a build secret, never as a build arg (refused)';
            return (
              <TextField
                key={arg.name}
                id={`config-build-arg-${arg.name}`}
                fullWidth
                margin="dense"
                label={arg.name}
                value={draft.buildArgs[arg.name] ?? ''}
                placeholder={arg.defaultValue ?? ''}
                disabled={secret && draft.buildArgs[arg.name] === undefined}
                helperText={help}
                inputProps={{ 'data-build-arg-input': arg.name }}
                onChange={e => setArg(arg.name, e.target.value)}
              />
            );
          })}

          <Typography variant="h6" style={{ marginTop: 16 }}>Platforms and cache</Typography>
          <CommaListField
            id="config-platforms"
            label="Platforms (comma-separated)"
            values={draft.platforms}
            placeholder="the builder's own, e.g. linux/amd64, linux/arm64"
            error={Boolean(fieldError('platforms'))}
            helperText={fieldError('platforms') ?? helpText.platforms}
            onChange={platforms => setDraft({ ...draft, platforms })}
          />
          <TextField
            id="config-cache-from"
            fullWidth
            margin="dense"
            multiline
            label="Cache import refs (one per line)"
            value={draft.cache.from.join('\n')}
            placeholder="registry.example.com/team/app:latest"
            error={Boolean(fieldError('cache'))}
            helperText={fieldError('cache') ?? 'Pushed images (with inline cache) the build may reuse layers from (cache_from)'}
            onChange={e => setDraft({ ...draft, cache: { ...draft.cache, from: e.target.value.split('\n').filter(Boolean) } })}
          />
          <TextField
            id="config-cache-export"
            fullWidth
            margin="dense"
            label="Cache export (one per line)"
            multiline
            value={draft.cache.to.join('\n')}
            placeholder="type=inline"
            helperText={helpText.cacheTo}
            onChange={e => setDraft({ ...draft, cache: { ...draft.cache, to: e.target.value.split('\n').filter(Boolean) } })}
          />

          <FormControlLabel
            control={
              <Checkbox
                checked={draft.cache.disabled}
                onChange={e => setDraft({ ...draft, cache: { ...draft.cache, disabled: e.target.checked } })}
              />
            }
            label="Build without the cache"
          />
          <Typography variant="subtitle2">Per-stage no-cache</Typography>
          <Typography variant="caption" color="textSecondary" display="block">{helpText.stageNoCache}</Typography>
          <Box display="flex" flexWrap="wrap">
            {targets.map(name => (
              <FormControlLabel key={name} disabled control={<Checkbox checked={false} />} label={name} />
            ))}
          </Box>

          <Typography variant="h6" style={{ marginTop: 16 }}>Push</Typography>
          <TextField
            id="config-push-repository"
            fullWidth
            margin="dense"
            label="Repository"
            value={draft.push?.repository ?? ''}
            placeholder="registry.example.com/team/app"
            error={Boolean(fieldError('push'))}
            helperText={fieldError('push') ?? helpText.push}
            onChange={e =>
              setDraft({ ...draft, push: e.target.value ? { repository: e.target.value, tags: draft.push?.tags ?? ['{shortRunId}'] } : null })
            }
          />
          <CommaListField
            id="config-push-tags"
            label="Tags"
            disabled={!draft.push}
            values={draft.push?.tags ?? []}
            helperText={helpText.tags}
            onChange={tags => draft.push && setDraft({ ...draft, push: { ...draft.push, tags } })}
          />

          <Typography variant="h6" style={{ marginTop: 16 }}>Secrets and SSH</Typography>
          <CommaListField
            id="config-secrets"
            label="Secret ids (comma-separated)"
            values={draft.secrets}
            error={Boolean(fieldError('secrets'))}
            helperText={fieldError('secrets') ?? helpText.secrets}
            onChange={secrets => setDraft({ ...draft, secrets })}
          />
          <CommaListField
            id="config-ssh"
            label="SSH agent ids (comma-separated)"
            values={draft.ssh}
            error={Boolean(fieldError('ssh'))}
            helperText={fieldError('ssh') ?? helpText.ssh}
            onChange={ssh => setDraft({ ...draft, ssh })}
          />
          <Box mt={2} display="flex" alignItems="center" style={{ gap: 16 }}>
            <Button variant="contained" color="primary" disabled={!canSave} onClick={onSave}>
              Save
            </Button>
            <Button disabled={busy} onClick={() => setDraft(stored.config)}>
              Discard changes
            </Button>
            {permissions.configure.reason && <Typography color="textSecondary">{permissions.configure.reason}</Typography>}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        <ConfigHistory versions={history.value ?? []} loading={history.loading} />
      </Grid>
    </Grid>
  );
}

function ConfigHistory(props: { versions: BuildConfigVersion[]; loading: boolean }) {
  const rows = props.versions.map((v, i) => {
    const before = props.versions[i + 1];
    let changes: string[];
    if (before) changes = configChanges(before.config, v.config);
    else changes = v.version === 1 ? ['first saved'] : ['earlier versions are not listed'];
    return { ...v, id: v.version, changes };
  });
  const columns: TableColumn<(typeof rows)[number]>[] = [
    { title: 'Version', field: 'version', width: '5em' },
    { title: 'By', render: v => v.updatedBy ?? '—' },
    { title: 'When', render: v => formatTime(v.updatedAt) },
    { title: 'What changed', render: v => v.changes.join('; ') },
  ];
  return (
    <Table
      title="History"
      isLoading={props.loading}
      options={{ paging: false, search: false, sorting: false, padding: 'dense' }}
      columns={columns}
      data={rows}
      emptyContent={<Typography style={{ padding: 16 }}>Never saved.</Typography>}
    />
  );
}
