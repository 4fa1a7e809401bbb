export { AnalyticsView } from './AnalyticsView';
