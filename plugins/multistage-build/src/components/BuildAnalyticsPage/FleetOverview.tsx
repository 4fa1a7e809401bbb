import { ContentHeader, EmptyState, LinkButton, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DOCKERFILE_ANNOTATION } from '@stagecraft/plugin-multistage-build-common';
import { useSearchParams } from 'react-router-dom';
import { formatTime } from '../../format/units';
import { useFleetSummary } from '../../hooks/useFleetSummary';
import { FleetCharts } from './FleetCharts';
import { FleetRankings } from './FleetRankings';
import { FleetTable } from './FleetTable';
import { HeadlineFigures } from './HeadlineFigures';
import { windowFromParams, withParams } from './fleetSearchParams';
import { WindowSelect } from './WindowSelect';

/**
 * The analytics of every entity the viewer may see over the chosen window
 * (`?days=`): headline figures, charts by day, rankings and the fleet table.
 */
export function FleetOverview(props: { base: string }) {
  const [params, setParams] = useSearchParams();
  const days = windowFromParams(params);
  const summary = useFleetSummary(days);
  const value = summary.value;

  const header = (
    <ContentHeader
      title="Across the organization"
      description={value ? `${value.from} to today (UTC) · figures of ${formatTime(value.generatedAt)}` : undefined}
    >
      <WindowSelect value={days} onChange={d => setParams(withParams(params, { days: String(d) }))} />
      <LinkButton to={`${props.base}/engines`} variant="outlined" data-engines-link>
        Builders
      </LinkButton>
    </ContentHeader>
  );

  if (summary.error) {
    return (
      <>
        {header}
        <ResponseErrorPanel error={summary.error} title="Build analytics" />
      </>
    );
  }
  if (!value) {
    return (
      <>
        {header}
        <Progress />
      </>
    );
  }
  if (value.headline.entities === 0) {
    return (
      <>
        {header}
        <EmptyState
          missing="data"
          title="No entity in the catalog names a Dockerfile"
          description={`Entities appear here once their catalog-info.yaml has the ${DOCKERFILE_ANNOTATION} annotation with the Dockerfile's path, and you are allowed to see them. The list is refreshed from the catalog on a schedule (multistageBuild.analytics.refreshMinutes), so a new entity can take that long to appear.`}
        />
      </>
    );
  }

  return (
    <>
      {header}
      {/* Another window is on its way: the figures shown are still the previous window's. */}
      {summary.loading && <Progress />}
      <Box mb={3}>
        <HeadlineFigures headline={value.headline} />
      </Box>
      <Box mb={3}>
        <FleetCharts daily={value.daily} />
      </Box>
      <Box mb={3}>
        <Typography variant="h5" gutterBottom>
          Where to look first
        </Typography>
        <FleetRankings rankings={value.rankings} base={props.base} />
      </Box>
      <FleetTable facets={value.facets} />
    </>
  );
}
