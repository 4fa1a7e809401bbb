import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { Finding, StageSummary } from '@stagecraft/plugin-multistage-build-common';

const severityOrder = { error: 0, warning: 1, info: 2 } as const;
const severityColor = { error: 'secondary', warning: 'primary', info: 'default' } as const;

/** The live findings beside the editor, worst first: click one to select its lines, Apply to preview its fix. */
export function WorkspaceFindings(props: {
  findings: Finding[];
  parseErrors: { line: number; message: string }[];
  stages: StageSummary[];
  onSelect: (line: number, endLine: number) => void;
  onPreviewFix: (finding: Finding) => void;
}) {
  const sorted = [...props.findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.line - b.line);
  const count = (s: Finding['severity']) => props.findings.filter(f => f.severity === s).length;
  return (
    <InfoCard
      title="Findings"
      subheader={<span data-findings-count={props.findings.length}>{`${count('error')} errors, ${count('warning')} warnings, ${count('info')} info`}</span>}
    >
      {props.parseErrors.map(error => (
        <Typography key={`parse-${error.line}`} color="error" variant="body2" data-parse-error={error.line}>
          Line {error.line}: {error.message}
        </Typography>
      ))}
      {sorted.length === 0 && props.parseErrors.length === 0 && (
        <Typography color="textSecondary">The analyser found nothing to improve.</Typography>
      )}
      <List dense aria-label="Findings">
        {sorted.map((finding, i) => (
          <ListItem
            key={`${finding.rule}-${finding.line}-${i}`}
            button
            divider
            data-finding={finding.rule}
            onClick={() => props.onSelect(finding.line, finding.endLine)}
          >
            <ListItemText
              primary={
                <>
                  <Chip size="small" color={severityColor[finding.severity]} label={finding.severity} />{' '}
                  <Typography component="span" variant="body2">
                    {finding.message}
                  </Typography>
                </>
              }
              secondary={`line ${finding.line} · ${finding.rule}${finding.stage === null ? '' : ` · ${props.stages[finding.stage]?.name ?? `stage ${finding.stage}`}`}`}
            />
            {finding.fix && (
              <Button
                size="small"
                color="primary"
                onClick={e => {
                  e.stopPropagation();
                  props.onPreviewFix(finding);
                }}
              >
                Apply
              </Button>
            )}
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
