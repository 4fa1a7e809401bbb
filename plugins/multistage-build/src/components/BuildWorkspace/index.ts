export { BuildWorkspace } from './BuildWorkspace';
export { useWorkspaceLinks } from './workspaceLinks';
