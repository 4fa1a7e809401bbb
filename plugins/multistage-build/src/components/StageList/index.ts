export { StageList } from './StageList';
