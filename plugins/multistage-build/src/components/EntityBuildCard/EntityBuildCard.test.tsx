import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { multistageBuildApiRef, type MultistageBuildApi } from '../../api';
import { entity, fakeApi, run } from '../../__testUtils__/workspace';
import { EntityBuildCard } from './EntityBuildCard';

function renderCard(api: MultistageBuildApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[multistageBuildApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityBuildCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityBuildCard', () => {
  it('shows the last build and the open findings, with links to the run and the tab', async () => {
    await renderCard(fakeApi());

    await waitFor(() => expect(document.querySelector('[data-last-build]')).not.toBeNull());
    const card = document.querySelector('[data-last-build]')!;
    expect(card.textContent).toContain('succeeded');
    expect(card.textContent).toContain('12.5 s');
    expect(card.textContent).toContain('4.2 MB');
    expect(card.textContent).toContain('50 %');
    expect(screen.getByText(run.id.slice(0, 8)).closest('a')?.getAttribute('href')).toBe(`/catalog/default/component/hello-c/multistage-build/builds/${run.id}`);
    // The current Dockerfile's findings (one info in the fixture), not the last run's.
    await waitFor(() => expect(document.querySelector('[data-open-findings]')?.textContent).toBe('0 errors · 0 warnings · 1 info'));
    expect(screen.getByText('Open the build workspace').closest('a')?.getAttribute('href')).toBe('/catalog/default/component/hello-c/multistage-build');
  });

  it('says when the entity was never built', async () => {
    await renderCard(fakeApi({ listBuilds: async () => ({ items: [], total: 0 }) }));

    expect(await screen.findByText('never built')).toBeInTheDocument();
  });
});
