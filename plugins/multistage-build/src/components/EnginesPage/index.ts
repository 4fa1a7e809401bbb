export { EnginesPage } from './EnginesPage';
