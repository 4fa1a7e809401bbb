import { createContext, useContext, type ReactNode } from 'react';

/** Links between the workspace's views, from the tab's own path: every view has its URL. */
export interface WorkspaceLinks {
  base: string;
  dockerfile: () => string;
  builds: (query?: string) => string;
  run: (id: string) => string;
  configuration: () => string;
  analytics: () => string;
}

export function workspaceLinks(base: string): WorkspaceLinks {
  const root = base.replace(/\/$/, '');
  return {
    base: root,
    dockerfile: () => root,
    builds: query => `${root}/builds${query ? `?${query}` : ''}`,
    run: id => `${root}/builds/${encodeURIComponent(id)}`,
    configuration: () => `${root}/configuration`,
    analytics: () => `${root}/analytics`,
  };
}

const LinksContext = createContext<WorkspaceLinks | undefined>(undefined);

export function WorkspaceLinksProvider(props: { base: string; children: ReactNode }) {
  return <LinksContext.Provider value={workspaceLinks(props.base)}>{props.children}</LinksContext.Provider>;
}

/** The workspace's links; outside the workspace (tests of one view), relative to `/`. */
export function useWorkspaceLinks(): WorkspaceLinks {
  return useContext(LinksContext) ?? workspaceLinks('');
}
