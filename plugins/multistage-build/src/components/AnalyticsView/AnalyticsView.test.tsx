import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { EntityBuildHistory } from '@stagecraft/plugin-multistage-build-common';
import { fakeApi, renderWorkspace } from '../../__testUtils__/workspace';

const history = (total: number, offset: number): EntityBuildHistory => ({
  entityRef: 'component:default/hello-c',
  total,
  offset,
  byTarget: [{ target: null, runs: 2, p50Ms: 4000, p95Ms: 9000 }],
  byStatus: { succeeded: 2, failed: 1 },
  dockerfileVersions: [],
  runs: [
    { runId: 'r1', status: 'succeeded', target: null, createdAt: '', finishedAt: '', durationMs: 4000, cacheHitRatio: 0.5, imageSize: 7e6, timeSavedMs: 0, findings: { error: 0, warning: 1, info: 0 }, stageDurations: { build: 3000 } },
  ],
});

describe('AnalyticsView', () => {
  it('says what to do first when there are no builds', async () => {
    await renderWorkspace(fakeApi(), '/analytics');

    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to builds' }).closest('a')?.getAttribute('href')).toBe('/tab/builds');
  });

  it('charts the runs with p50 and p95 per target, and pages back through older runs', async () => {
    const getEntityHistory = jest.fn(async (_ref, options) => history(250, options.offset));
    await renderWorkspace(fakeApi({ getEntityHistory }), '/analytics');

    await waitFor(() => expect(document.body.textContent).toContain('last stage: p50 4.0 s, p95 9.0 s'));
    expect(document.body.textContent).toContain('Runs 250–250 of 250 · 2 succeeded, 1 failed');
    expect(document.querySelectorAll('[data-chart]')).toHaveLength(5);

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(getEntityHistory).toHaveBeenLastCalledWith(expect.anything(), { limit: 100, offset: 100 }));
  });
});
