export { BuildRunView } from './BuildRunView';
