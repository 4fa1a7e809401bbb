export { StageGraph } from './StageGraph';
