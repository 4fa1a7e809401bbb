export { createGenerateDockerfileAction } from './createGenerateDockerfileAction';
