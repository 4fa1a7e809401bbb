export { TargetSelect } from './TargetSelect';
