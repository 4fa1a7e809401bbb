import { ContentHeader, EmptyState, InfoCard, Link, LinkButton } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { allRules } from '@stagecraft/plugin-multistage-build-common';
import type { ReactNode } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { useFleetSummary } from '../../hooks/useFleetSummary';
import { windowFromParams, withParams } from './fleetSearchParams';

function Row(props: { label: string; children: ReactNode }) {
  return (
    <Typography variant="body2" paragraph data-rule-field={props.label}>
      <strong>{props.label}:</strong> {props.children}
    </Typography>
  );
}

/** The full docs page of a rule, where the operators publish the repository's docs/rules (`multistageBuild.ruleDocsBaseUrl`). */
function useRuleDocsUrl(ruleId: string): string | undefined {
  const base = useApi(configApiRef).getOptionalString('multistageBuild.ruleDocsBaseUrl');
  return base ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(ruleId)}.md` : undefined;
}

/** How often the fleet has the rule's findings now, when it is among the most frequent the summary ranks. */
function FleetCount(props: { ruleId: string }) {
  const [params] = useSearchParams();
  const summary = useFleetSummary(windowFromParams(params));
  const count = summary.value?.rankings.findingsByRule.find(r => r.ruleId === props.ruleId);
  if (!count) return null;
  return (
    <Row label="In the fleet">
      {count.findings} open finding{count.findings === 1 ? '' : 's'} in {count.entities} entit{count.entities === 1 ? 'y' : 'ies'}, at{' '}
      {count.severity} with the operators' severities
    </Row>
  );
}

/**
 * A rule of the catalog, from the rules this frontend ships: what it finds,
 * its default severity and category, whether it has a fix, BuildKit's name
 * for it, and a link to its full documentation when one is configured.
 */
export function RulePage(props: { base: string }) {
  const { ruleId = '' } = useParams();
  const { search } = useLocation();
  const rule = allRules.find(r => r.id === ruleId);
  const docsUrl = useRuleDocsUrl(ruleId);
  const back = `${props.base}${search}`;

  if (!rule) {
    return (
      <EmptyState
        missing="content"
        title={`No rule "${ruleId}"`}
        description="The rule catalog has no rule with this id: the link may be from an older or newer version of the plugin."
        action={
          <LinkButton to={back} variant="contained" color="primary">
            Back to build analytics
          </LinkButton>
        }
      />
    );
  }

  return (
    <>
      <ContentHeader title={`Rule ${rule.id}`}>
        <Link to={back}>Back to build analytics</Link>
      </ContentHeader>
      <InfoCard title={rule.id} subheader={rule.description}>
        <Row label="Default severity">
          {rule.severity}
          {rule.enabledByDefault === false ? ' (off by default: runs only where configuration gives it a severity)' : ''}
        </Row>
        <Row label="Category">{rule.category}</Row>
        <Row label="Fix">{rule.fix ? 'yes: the Dockerfile view offers a mechanical fix' : 'no mechanical fix'}</Row>
        <Row label="BuildKit check">{rule.alsoKnownAs ?? 'none'}</Row>
        <FleetCount ruleId={rule.id} />
        <Typography variant="body2" paragraph>
          <Link to={`${props.base}?${withParams(new URLSearchParams(search), { rule: rule.id })}`} data-rule-entities={rule.id}>
            The entities with findings of {rule.id}
          </Link>
        </Typography>
        {docsUrl && (
          <Typography variant="body2">
            <Link to={docsUrl}>Full documentation of {rule.id}</Link>: why it matters, with a bad and a good example
          </Typography>
        )}
      </InfoCard>
    </>
  );
}
