import { Content, Header, Page } from '@backstage/core-components';
import { Route, Routes, useResolvedPath } from 'react-router-dom';
import { FleetOverview } from './FleetOverview';
import { RulePage } from './RulePage';
import { EnginesPage } from '../EnginesPage';

/**
 * The org-wide build analytics page (`/build-analytics`): the fleet's
 * figures, charts, rankings and table at its root, and a page per rule
 * (`/build-analytics/rules/:ruleId`) that the findings ranking links to,
 * and the builders (`/build-analytics/engines`).
 */
export function BuildAnalyticsPage() {
  // Wherever the app mounts the page: links between its views start here.
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  return (
    <Page themeId="tool">
      <Header
        title="Build analytics"
        subtitle="Builds, cache use, image sizes and Dockerfile findings of every entity that names a Dockerfile"
      />
      <Content>
        <Routes>
          <Route path="/" element={<FleetOverview base={base} />} />
          <Route path="rules/:ruleId" element={<RulePage base={base} />} />
          <Route path="engines" element={<EnginesPage base={base} />} />
        </Routes>
      </Content>
    </Page>
  );
}
