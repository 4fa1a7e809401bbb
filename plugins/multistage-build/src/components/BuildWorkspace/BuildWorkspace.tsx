import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Link, Route, Routes, useLocation, useResolvedPath } from 'react-router-dom';
import { useEngineStatus } from '../../hooks/useEngineStatus';
import { useEntityRef } from '../../hooks/useEntityRef';
import { AnalyticsView } from '../AnalyticsView';
import { BuildsView } from '../BuildsView';
import { ConfigurationView } from '../ConfigurationView';
import { DockerfileWorkspace } from '../DockerfileWorkspace';
import { RunPage } from '../RunPage';
import { EngineStatusBanner } from '../EntityMultistageBuildContent/EngineStatusBanner';
import { WorkspaceLinksProvider, workspaceLinks } from './workspaceLinks';

const views = [
  { label: 'Dockerfile', path: '' },
  { label: 'Builds', path: 'builds' },
  { label: 'Configuration', path: 'configuration' },
  { label: 'Analytics', path: 'analytics' },
] as const;

/** Which tab a location belongs to: a run's page is under Builds. */
function activeView(pathname: string, base: string): string {
  const rest = pathname.slice(base.length).replace(/^\/+/, '');
  return views.find(v => v.path !== '' && (rest === v.path || rest.startsWith(`${v.path}/`)))?.path ?? '';
}

/**
 * The entity tab: a build workspace with a view per task, each at its own URL
 * under the tab (`…/multistage-build`, `/builds`, `/builds/:id`,
 * `/configuration`, `/analytics`), so links can be shared and Back works.
 */
export function BuildWorkspace() {
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  const { pathname } = useLocation();
  const engine = useEngineStatus();
  const links = workspaceLinks(base);
  // Another entity is another workspace: no draft, filter or chosen stage carries over.
  const { key } = useEntityRef();
  const active = activeView(pathname, base);

  return (
    <WorkspaceLinksProvider base={base}>
      {engine.value && <EngineStatusBanner status={engine.value} />}
      {engine.error && <ResponseErrorPanel error={engine.error} title="Engine status" />}
      <Box mb={2}>
        <Tabs value={active} indicatorColor="primary" aria-label="Build workspace views">
          {views.map(view => (
            <Tab
              key={view.path}
              value={view.path}
              label={view.label}
              component={Link}
              to={view.path === '' ? links.dockerfile() : `${links.base}/${view.path}`}
            />
          ))}
        </Tabs>
      </Box>
      <Routes key={key}>
        <Route path="/" element={<DockerfileWorkspace engineAvailable={engine.value?.available === true} />} />
        <Route path="builds" element={<BuildsView engineAvailable={engine.value?.available === true} />} />
        <Route path="builds/:runId" element={<RunPage />} />
        <Route path="configuration" element={<ConfigurationView />} />
        <Route path="analytics" element={<AnalyticsView />} />
      </Routes>
    </WorkspaceLinksProvider>
  );
}
