import { InfoCard, Link } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import type { FleetRankedEntity, FleetRankings as Rankings } from '@stagecraft/plugin-multistage-build-common';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { formatBytes, formatDuration, formatPercent } from '../../format/units';
import { missReasonLabel } from './missReasonLabels';
import { useEntityTabLinks } from './useEntityTabLinks';

function RankingCard(props: { title: string; subheader: string; name: string; head: string[]; empty: boolean; wide?: boolean; children: ReactNode }) {
  // A wide card has room for a rule id and three figures side by side.
  return (
    <Grid item xs={12} md={props.wide ? 12 : 6} lg={props.wide ? 8 : 4}>
      <InfoCard title={props.title} subheader={props.subheader} variant="fullHeight" noPadding>
        {props.empty ? (
          <Typography variant="body2" color="textSecondary" style={{ padding: 16 }}>
            Nothing to rank in this window.
          </Typography>
        ) : (
          <Table size="small" data-ranking={props.name}>
            <TableHead>
              <TableRow>
                {props.head.map((h, i) => (
                  <TableCell key={h} align={i === 0 ? 'left' : 'right'} style={{ whiteSpace: 'nowrap' }}>
                    {h}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>{props.children}</TableBody>
          </Table>
        )}
      </InfoCard>
    </Grid>
  );
}

function EntityRanking(props: { title: string; subheader: string; name: string; unit: string; rows: FleetRankedEntity[]; format: (value: number) => string }) {
  const tabOf = useEntityTabLinks();
  return (
    <RankingCard title={props.title} subheader={props.subheader} name={props.name} head={['Entity', props.unit]} empty={props.rows.length === 0}>
      {props.rows.map(row => (
        <TableRow key={row.entityRef}>
          <TableCell>
            <Link to={tabOf(row.entityRef).base}>{row.title ?? parseEntityRef(row.entityRef).name}</Link>
          </TableCell>
          <TableCell align="right">{props.format(row.value)}</TableCell>
        </TableRow>
      ))}
    </RankingCard>
  );
}

/**
 * Where to look first: the slowest builds, the largest images, the worst
 * cache use, the findings most entities share, and why the cache missed.
 * Entities link to their build workspace; rules to their page here.
 */
export function FleetRankings(props: { rankings: Rankings; base: string }) {
  const { rankings } = props;
  // The rule page's Back link returns to the same window and table.
  const { search } = useLocation();
  const misses = rankings.missReasons.reduce((sum, r) => sum + r.count, 0);

  return (
    <Grid container spacing={2} alignItems="stretch">
      <EntityRanking
        name="slowest"
        title="Slowest builds"
        subheader="p95 duration of succeeded builds"
        unit="p95"
        rows={rankings.slowest}
        format={formatDuration}
      />
      <EntityRanking
        name="largest-images"
        title="Largest images"
        subheader="Latest final image"
        unit="Size"
        rows={rankings.largestImages}
        format={formatBytes}
      />
      <EntityRanking
        name="lowest-cache-hit-ratio"
        title="Lowest cache hit ratio"
        subheader="Entities with at least 10 steps in the window"
        unit="Cached"
        rows={rankings.lowestCacheHitRatio}
        format={formatPercent}
      />
      <RankingCard
        name="findings-by-rule"
        title="Most frequent findings"
        subheader="Open findings of the current Dockerfiles, by rule"
        head={['Rule', 'Severity', 'Findings', 'Entities']}
        empty={rankings.findingsByRule.length === 0}
        wide
      >
        {rankings.findingsByRule.map(rule => (
          <TableRow key={rule.ruleId}>
            <TableCell>
              <Link to={`${props.base}/rules/${encodeURIComponent(rule.ruleId)}${search}`}>{rule.ruleId}</Link>
            </TableCell>
            <TableCell align="right">{rule.severity}</TableCell>
            <TableCell align="right">{rule.findings}</TableCell>
            <TableCell align="right">{rule.entities}</TableCell>
          </TableRow>
        ))}
      </RankingCard>
      <RankingCard
        name="miss-reasons"
        title="Why the cache missed"
        subheader={`${misses} ${misses === 1 ? 'step' : 'steps'} ran instead of coming from the cache`}
        head={['Cause', 'Steps', 'Share']}
        empty={rankings.missReasons.length === 0}
      >
        {rankings.missReasons.map(r => (
          <TableRow key={r.reason}>
            <TableCell>{missReasonLabel(r.reason)}</TableCell>
            <TableCell align="right">{r.count}</TableCell>
            <TableCell align="right">{formatPercent(misses > 0 ? r.count / misses : null)}</TableCell>
          </TableRow>
        ))}
      </RankingCard>
    </Grid>
  );
}
