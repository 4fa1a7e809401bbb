export { BuildPanel } from './BuildPanel';
