import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { applyFixes, fixAll, stagesNeededFor, type Finding } from '@stagecraft/plugin-multistage-build-common';
import { useEffect, useMemo, useState } from 'react';
import { useBuildConfig } from '../../hooks/useBuildConfig';
import { useEntityDockerfile } from '../../hooks/useEntityDockerfile';
import { useLiveAnalysis } from '../../hooks/useLiveAnalysis';
import { downloadText } from '../RunPage/downloadText';
import { StageGraph } from '../StageGraph';
import { TargetSelect } from '../TargetSelect';
import { TemplatePanel } from '../TemplatePanel';
import { DockerfileEditor, type LineSelection } from './DockerfileEditor';
import { FixPreviewDialog } from './FixPreviewDialog';
import { StageInspector } from './StageInspector';
import { unifiedDiff } from './unifiedDiff';
import { WorkspaceFindings } from './WorkspaceFindings';

const noStages: number[] = [];

/**
 * The default view: the Dockerfile in an editor, analysed in the browser as
 * the user types for the chosen target and the configured build args; fixes
 * applied one at a time or all at once after a diff; the stage graph and
 * inspector beside it. Edits stay in the browser: download or copy as a patch.
 */
export function DockerfileWorkspace(_props: { engineAvailable: boolean }) {
  const dockerfile = useEntityDockerfile();
  const { current } = useBuildConfig();
  const alertApi = useApi(alertApiRef);
  const [text, setText] = useState<string | undefined>();
  // undefined: not chosen, the saved target applies; null: the last stage, chosen.
  const [target, setTarget] = useState<string | null | undefined>();
  const [selection, setSelection] = useState<LineSelection | undefined>();
  const [selectedStage, setSelectedStage] = useState<number | undefined>();
  const [preview, setPreview] = useState<{ title: string; after: string } | undefined>();

  useEffect(() => {
    if (dockerfile.value) setText(dockerfile.value.text);
  }, [dockerfile.value]);
  const savedTarget = current.value?.config.target ?? undefined;
  const buildArgs = current.value?.config.buildArgs;
  const chosenTarget = target === undefined ? savedTarget : target ?? undefined;
  const path = dockerfile.value?.path ?? 'Dockerfile';
  const severityOverrides = dockerfile.value?.severityOverrides;
  const recordedSeconds = dockerfile.value?.recordedSeconds;
  const live = useLiveAnalysis({ path, text: text ?? '', target: chosenTarget, buildArgs, severityOverrides, recordedSeconds });
  const diagnostics = useMemo(
    () =>
      [
        ...(live.analysis?.response.findings ?? []).map(f => ({ line: f.line, endLine: f.endLine, severity: f.severity, message: `${f.message} (${f.rule})` })),
        ...(live.analysis?.response.parseErrors ?? []).map(e => ({ line: e.line, endLine: e.line, severity: 'error' as const, message: e.message })),
      ],
    [live.analysis],
  );

  if (dockerfile.error) return <ResponseErrorPanel error={dockerfile.error} title="Dockerfile" />;
  if (!dockerfile.value || text === undefined) return <Progress />;
  const original = dockerfile.value.text;
  const response = live.analysis?.response;
  const graph = live.analysis?.graph;
  const targetIndex = response?.target ?? null;
  const needed = graph && targetIndex !== null ? stagesNeededFor(graph, targetIndex, { anyBuildArgs: true }) : noStages;
  const stageNames = (response?.stages ?? []).flatMap(s => (s.name ? [s.name] : []));
  const inspected = selectedStage !== undefined ? graph?.stages[selectedStage] : undefined;
  const edited = text !== original;
  const patch = () => unifiedDiff(path, original, text);

  const selectLines = (line: number, endLine: number) => setSelection({ line, endLine, nonce: Date.now() });
  const previewFix = (finding: Finding) => {
    const { text: after } = applyFixes(text, [finding.fix!]);
    setPreview({ title: `${finding.fix!.title} (${finding.rule}, line ${finding.line})`, after });
  };
  const previewAll = () => {
    const result = fixAll({ path, text, target: chosenTarget, buildArgs, severityOverrides });
    setPreview({ title: `Apply all fixes (${result.applied.length})`, after: result.text });
  };
  const copyPatch = async () => {
    try {
      await navigator.clipboard.writeText(patch());
      alertApi.post({ message: 'The patch is on the clipboard (git apply)', severity: 'success', display: 'transient' });
    } catch (e) {
      alertApi.post({ message: `Could not copy: ${(e as Error).message}`, severity: 'error' });
    }
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
          <TargetSelect
            label="Analysis target"
            empty="last stage"
            targets={stageNames}
            value={chosenTarget}
            onChange={value => setTarget(value)}
            helperText={live.analysis?.targetError ?? 'The stage the findings judge as the shipped image'}
            error={Boolean(live.analysis?.targetError)}
          />
          <Button variant="outlined" disabled={!response?.findings.some(f => f.fix)} onClick={previewAll}>
            Apply all fixes
          </Button>
          <Button disabled={!edited} onClick={() => downloadText(path.split('/').pop() ?? 'Dockerfile', text)}>
            Download
          </Button>
          <Button disabled={!edited} onClick={copyPatch}>
            Copy as patch
          </Button>
          <Button disabled={!edited} onClick={() => setText(original)}>
            Discard edits
          </Button>
          <Typography variant="caption" color="textSecondary">
            {edited ? 'Edited in this browser: nothing is saved to the repository' : `${path} as read from ${dockerfile.value.location}`}
            {live.stale ? ' · analysing…' : ''}
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12} lg={7}>
        <InfoCard title={path} noPadding>
          <DockerfileEditor value={text} onChange={setText} diagnostics={diagnostics} selection={selection} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        {live.error ? (
          <ResponseErrorPanel error={live.error} title="Analysis" />
        ) : (
          <WorkspaceFindings
            findings={response?.findings ?? []}
            parseErrors={response?.parseErrors ?? []}
            stages={response?.stages ?? []}
            onSelect={selectLines}
            onPreviewFix={previewFix}
          />
        )}
      </Grid>
      {response && response.stages.length > 0 && (
        <Grid item xs={12} lg={inspected ? 8 : 12}>
          <StageGraph
            {...response}
            needed={targetIndex === null ? undefined : needed}
            selected={selectedStage}
            onSelect={index => {
              setSelectedStage(index);
              const stage = graph?.stages[index];
              if (stage) selectLines(stage.line, stage.endLine);
            }}
          />
        </Grid>
      )}
      {inspected && response && (
        <Grid item xs={12} lg={4}>
          <StageInspector
            stage={inspected}
            summary={response.stages[inspected.index]}
            configuredArgs={Object.keys(buildArgs ?? {}).length > 0}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <TemplatePanel />
      </Grid>
      {preview && (
        <FixPreviewDialog
          title={preview.title}
          patch={unifiedDiff(path, text, preview.after)}
          onClose={() => setPreview(undefined)}
          onApply={() => {
            setText(preview.after);
            setPreview(undefined);
          }}
        />
      )}
    </Grid>
  );
}
