/*
 * In a file of its own: the permission hook caches answers for the whole file,
 * so a denied prune cannot follow a test where it was allowed.
 */
import { MockPermissionApi } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { waitFor } from '@testing-library/react';
import { renderBuildAnalyticsPage } from '../../__testUtils__/fleet';
import { fakeApi } from '../../__testUtils__/workspace';
import { healthyEngine as one } from '../../__testUtils__/engines';

describe('EnginesPage without the prune permission', () => {
  it('disables prune for a viewer without the prune permission, saying so', async () => {
    const permissions = new MockPermissionApi(() => AuthorizeResult.DENY);
    await renderBuildAnalyticsPage(fakeApi({ getEngines: async () => ({ engines: [one], queued: 0 }) }), '/build-analytics/engines', {}, permissions);
    await waitFor(() => expect(document.querySelector('[data-prune-engine="one"]')).toBeDisabled());
  });
});
