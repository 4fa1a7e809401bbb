import { useDeferredValue, useMemo } from 'react';
import { analyzeInBrowser, type BrowserAnalysis, type BrowserAnalysisOptions } from '../analysis/analyzeInBrowser';

/**
 * The editor's text analysed in the browser as the user types. The analysis
 * follows a deferred copy of the text, so typing never waits for it.
 */
export function useLiveAnalysis(
  options: Omit<BrowserAnalysisOptions, 'stagesOnly'>,
): { analysis?: BrowserAnalysis; error?: Error; stale: boolean } {
  const text = useDeferredValue(options.text);
  const argsKey = JSON.stringify([options.buildArgs ?? {}, options.severityOverrides ?? {}, options.recordedSeconds ?? {}]);
  const result = useMemo(() => {
    try {
      return { analysis: analyzeInBrowser({ ...options, text }) };
    } catch (e) {
      // Over an analysis limit: say so where the findings would be.
      return { error: e as Error };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options.path, text, options.target, argsKey]);
  return { ...result, stale: text !== options.text };
}
