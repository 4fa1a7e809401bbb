import { Table, type TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { Finding, StageSummary } from '@stagecraft/plugin-multistage-build-common';

const severityOrder = { error: 0, warning: 1, info: 2 } as const;
const severityColor = { error: 'secondary', warning: 'primary', info: 'default' } as const;

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The analyser's findings, worst first, each with its line, rule and stage. */
export function FindingList(props: { findings: Finding[]; stages: StageSummary[] }) {
  const { findings, stages } = props;
  const columns: TableColumn<Finding>[] = [
    {
      title: 'Severity',
      field: 'severity',
      width: '8em',
      render: f => <Chip size="small" color={severityColor[f.severity]} label={f.severity} />,
      customSort: (a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.line - b.line,
    },
    {
      title: 'Line',
      field: 'line',
      width: '6em',
      render: f => (f.endLine > f.line ? `${f.line}–${f.endLine}` : String(f.line)),
    },
    {
      title: 'Rule',
      field: 'rule',
      render: f => (
        <>
          <code>{f.rule}</code>
          {f.alsoKnownAs && (
            <Typography variant="caption" display="block" color="textSecondary">
              BuildKit: {f.alsoKnownAs}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Message', field: 'message' },
    {
      title: 'Stage',
      field: 'stage',
      render: f => (f.stage === null ? '—' : stages[f.stage]?.name ?? `stage ${f.stage}`),
    },
    { title: 'Fix', field: 'fix', render: f => f.fix?.title ?? '—', sorting: false },
  ];
  const count = (severity: Finding['severity']) => findings.filter(f => f.severity === severity).length;
  const sorted = [...findings].sort(
    (a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.line - b.line,
  );
  return (
    <Table<Finding>
      title="Findings"
      subtitle={
        findings.length === 0
          ? 'No findings'
          : `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`
      }
      options={{ paging: findings.length > 20, pageSize: 20, search: false, padding: 'dense' }}
      columns={columns}
      data={sorted}
      emptyContent={<Typography style={{ padding: 16 }}>The analyser found nothing to improve.</Typography>}
    />
  );
}
