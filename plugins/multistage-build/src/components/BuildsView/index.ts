export { BuildsView } from './BuildsView';
