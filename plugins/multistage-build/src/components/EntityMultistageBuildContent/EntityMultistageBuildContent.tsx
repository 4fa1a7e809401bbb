import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { multistageBuildApiRef } from '../../api';
import { BuildPanel } from '../BuildPanel';
import { DockerfileView } from '../DockerfileView';
import { FindingList } from '../FindingList';
import { StageGraph } from '../StageGraph';
import { StageList } from '../StageList';
import { TemplatePanel } from '../TemplatePanel';
import { EngineStatusBanner } from './EngineStatusBanner';
import { ParseErrorList } from './ParseErrorList';

/** The "Multi-stage build" entity tab. */
export function EntityMultistageBuildContent() {
  const { entity } = useEntity();
  const api = useApi(multistageBuildApiRef);
  const ref = getCompoundEntityRef(entity);
  const dockerfile = useAsync(
    () => api.getEntityDockerfile(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const engine = useAsync(() => api.getEngineStatus(), [api]);

  if (dockerfile.loading) return <Progress />;
  if (dockerfile.error) return <ResponseErrorPanel error={dockerfile.error} />;
  const value = dockerfile.value!;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {engine.value && <EngineStatusBanner status={engine.value} />}
        {engine.error && <ResponseErrorPanel error={engine.error} title="Engine status" />}
      </Grid>
      {value.parseErrors.length > 0 && (
        <Grid item xs={12}>
          <ParseErrorList path={value.path} errors={value.parseErrors} />
        </Grid>
      )}
      <Grid item xs={12}>
        <FindingList findings={value.findings} stages={value.stages} />
      </Grid>
      {value.stages.length > 0 && value.parseErrors.length === 0 && (
        <Grid item xs={12}>
          <BuildPanel entity={ref} stages={value.stages} enabled={engine.value?.available === true} />
        </Grid>
      )}
      {value.stages.length > 0 && (
        <Grid item xs={12}>
          <StageGraph {...value} />
        </Grid>
      )}
      <Grid item xs={12}>
        <StageList stages={value.stages} defaultTarget={value.defaultTarget} />
      </Grid>
      <Grid item xs={12}>
        <DockerfileView path={value.path} location={value.location} text={value.text} />
      </Grid>
      <Grid item xs={12}>
        <TemplatePanel />
      </Grid>
    </Grid>
  );
}
