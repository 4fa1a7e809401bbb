export { createAnalyzeDockerfileAction } from './createAnalyzeDockerfileAction';
