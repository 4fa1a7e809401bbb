export { EntityBuildCard } from './EntityBuildCard';
