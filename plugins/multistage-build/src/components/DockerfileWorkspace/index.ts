export { DockerfileWorkspace } from './DockerfileWorkspace';
