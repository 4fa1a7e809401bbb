export { createConvertDockerfileAction } from './createConvertDockerfileAction';
