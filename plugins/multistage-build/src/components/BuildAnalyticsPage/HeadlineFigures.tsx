import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { FleetHeadline } from '@stagecraft/plugin-multistage-build-common';
import type { ReactNode } from 'react';
import { formatBytes, formatDuration, formatPercent } from '../../format/units';

/** One figure, large, with what it is beneath; `name` marks it for tests (`data-figure`). */
function Figure(props: { name: string; value: ReactNode; label: string }) {
  return (
    <Box data-figure={props.name} mb={1.5}>
      <Typography variant="h5" component="div" data-figure-value>
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </Box>
  );
}

function FigureCard(props: { title: string; children: ReactNode }) {
  return (
    <Grid item xs={12} sm={6} md={4} lg>
      <InfoCard title={props.title} variant="fullHeight">
        {props.children}
      </InfoCard>
    </Grid>
  );
}

/**
 * The window's headline figures for the entities the viewer may see. Each is
 * defined once, in docs/build-analytics.md; a dash means there was nothing
 * to measure (no finished build, no cached step), not zero.
 */
export function HeadlineFigures(props: { headline: FleetHeadline }) {
  const h = props.headline;
  return (
    <Grid container spacing={2} alignItems="stretch">
      <FigureCard title="Builds">
        <Figure
          name="builds"
          value={h.builds}
          label={`${h.succeeded} succeeded · ${h.failed} failed · ${h.cancelled} cancelled`}
        />
        <Figure name="success-rate" value={formatPercent(h.successRate)} label="succeeded, of builds that finished" />
        <Figure
          name="duration"
          value={`${formatDuration(h.durationP50Ms)} / ${formatDuration(h.durationP95Ms)}`}
          label="p50 / p95 duration of succeeded builds"
        />
      </FigureCard>
      <FigureCard title="Cache">
        <Figure name="cache-hit-ratio" value={formatPercent(h.cacheHitRatio)} label="of steps came from the cache" />
        <Figure name="time-saved" value={formatDuration(h.timeSavedMs)} label="saved by the cache" />
      </FigureCard>
      <FigureCard title="Images">
        <Figure name="total-image-size" value={formatBytes(h.totalImageSize)} label="all entities' latest images" />
        <Figure name="median-image-size" value={formatBytes(h.medianImageSize)} label="median latest image" />
      </FigureCard>
      <FigureCard title="Open findings">
        <Figure name="errors" value={h.openFindings.error} label={h.openFindings.error === 1 ? 'error' : 'errors'} />
        <Figure name="warnings" value={h.openFindings.warning} label={h.openFindings.warning === 1 ? 'warning' : 'warnings'} />
        <Figure name="info" value={h.openFindings.info} label="info" />
      </FigureCard>
      <FigureCard title="Entities">
        <Figure name="built-entities" value={`${h.builtEntities} of ${h.entities}`} label="built in the window" />
        <Figure name="never-built-entities" value={h.neverBuiltEntities} label="never built" />
      </FigureCard>
    </Grid>
  );
}
