import { useMemo } from 'react';
import { analyzeInBrowser } from '../analysis/analyzeInBrowser';
import { declaredArgs, type DeclaredArg } from '../analysis/declaredArgs';
import { useEntityDockerfile } from './useEntityDockerfile';

/**
 * The ARGs the entity's Dockerfile declares and its named stages, from its
 * stage model (no rule runs). Over an analysis limit, none: the forms still
 * edit the saved settings.
 */
export function useDeclaredArgs(): { args: DeclaredArg[]; targets: string[] } {
  const dockerfile = useEntityDockerfile();
  return useMemo(() => {
    if (!dockerfile.value) return { args: [], targets: [] };
    try {
      const { graph } = analyzeInBrowser({ path: dockerfile.value.path, text: dockerfile.value.text, stagesOnly: true });
      return { args: declaredArgs(graph), targets: graph.stages.flatMap(s => (s.name ? [s.name] : [])) };
    } catch {
      return { args: [], targets: [] };
    }
  }, [dockerfile.value]);
}
