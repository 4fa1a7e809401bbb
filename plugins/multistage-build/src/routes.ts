import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'multistage-build' });

/** The org-wide build analytics page, mounted at `/build-analytics`. */
export const buildAnalyticsRouteRef = createRouteRef({ id: 'multistage-build-analytics' });
