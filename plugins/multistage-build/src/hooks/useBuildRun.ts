import { useApi } from '@backstage/core-plugin-api';
import type { BuildRun, BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { useEffect, useState } from 'react';
import { multistageBuildApiRef } from '../api';

export interface BuildRunState {
  run?: BuildRun;
  /** Steps in the order BuildKit first reported them. */
  steps: BuildStep[];
  error?: Error;
}

/** Follows one run live: its stored state first, then every event until it finishes. */
export function useBuildRun(runId: string | undefined, onFinished?: (run: BuildRun) => void): BuildRunState {
  const api = useApi(multistageBuildApiRef);
  const [state, setState] = useState<BuildRunState>({ steps: [] });

  useEffect(() => {
    if (!runId) return undefined;
    setState({ steps: [] });
    const controller = new AbortController();
    const steps = new Map<string, BuildStep>();
    api
      .watchBuild(
        runId,
        event => {
          if (event.type === 'step') steps.set(event.step.digest, event.step);
          if (event.type === 'log') return; // step events carry the log tail
          const run = event.type === 'status' || event.type === 'finished' ? event.run : undefined;
          setState(previous => ({ ...previous, run: run ?? previous.run, steps: [...steps.values()] }));
          if (event.type === 'finished') onFinished?.(event.run);
        },
        controller.signal,
      )
      .catch(error => {
        if (!controller.signal.aborted) setState(previous => ({ ...previous, error }));
      });
    return () => controller.abort();
    // onFinished is a callback; following a new run is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, runId]);

  return state;
}
