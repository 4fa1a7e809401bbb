import { Table, type TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import type { StageSummary } from '@stagecraft/plugin-multistage-build-common';

const columns: TableColumn<StageSummary>[] = [
  { title: '#', field: 'index', width: '4em' },
  {
    title: 'Stage',
    field: 'name',
    render: stage => stage.name ?? <em>unnamed</em>,
  },
  {
    title: 'Base',
    field: 'base',
    render: stage => (
      <>
        <code>{stage.base}</code>
        {stage.resolvedBase !== stage.base && (
          <>
            {' '}
            &rarr; <code>{stage.resolvedBase}</code>
          </>
        )}
      </>
    ),
  },
  { title: 'Base kind', field: 'baseKind' },
  {
    title: 'Role',
    field: 'role',
    render: stage => <Chip size="small" label={stage.role} />,
  },
  {
    title: 'Lines',
    field: 'line',
    render: stage => `${stage.line}–${stage.endLine}`,
  },
];

/** The stages of a Dockerfile, in build order, with the default target marked. */
export function StageList(props: { stages: StageSummary[]; defaultTarget: number | null }) {
  const { stages, defaultTarget } = props;
  return (
    <Table<StageSummary>
      title="Stages"
      subtitle={
        defaultTarget === null
          ? 'No stages'
          : `${stages.length} stage${stages.length === 1 ? '' : 's'}; a plain build produces stage ${defaultTarget}`
      }
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={stages}
    />
  );
}
