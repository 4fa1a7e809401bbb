export { DockerfileView } from './DockerfileView';
