export { BuildAnalyticsPage } from './BuildAnalyticsPage';
