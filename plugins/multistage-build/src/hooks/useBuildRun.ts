import { useApi } from '@backstage/core-plugin-api';
import type { BuildRun, BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { useEffect, useState } from 'react';
import { multistageBuildApiRef } from '../api';

/** How much live output the page keeps per step; the whole output is fetched when the run has ended. */
const liveOutputChars = 512 * 1024;

export interface BuildRunState {
  run?: BuildRun;
  /** Steps in the order BuildKit first reported them, each with its output so far as its log tail. */
  steps: BuildStep[];
  error?: Error;
}

/**
 * Follows one run live: its stored state first, then every event until it
 * finishes. `step` events carry a step's state; `log` events carry only new
 * output, which is appended here (the server no longer repeats a step for
 * every chunk of output).
 */
export function useBuildRun(runId: string | undefined, onFinished?: (run: BuildRun) => void): BuildRunState {
  const api = useApi(multistageBuildApiRef);
  const [state, setState] = useState<BuildRunState>({ steps: [] });

  useEffect(() => {
    if (!runId) return undefined;
    setState({ steps: [] });
    const controller = new AbortController();
    const steps = new Map<string, BuildStep>();
    let pending: ReturnType<typeof setTimeout> | undefined;
    let run: BuildRun | undefined;
    // Output can arrive in hundreds of chunks a second: render at most once a frame.
    const publish = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        setState(previous => ({ ...previous, run: run ?? previous.run, steps: [...steps.values()] }));
      }, 16);
    };
    api
      .watchBuild(
        runId,
        event => {
          if (event.type === 'step') {
            const known = steps.get(event.step.digest);
            // A step event's tail was taken when its state changed; output seen since is kept.
            const logTail = known && known.logTail.length > event.step.logTail.length ? known.logTail : event.step.logTail;
            steps.set(event.step.digest, { ...event.step, logTail });
          } else if (event.type === 'log') {
            const known = steps.get(event.digest);
            if (!known) return;
            const text = known.logTail + event.text;
            steps.set(event.digest, { ...known, logTail: text.length > liveOutputChars ? text.slice(-liveOutputChars) : text });
          } else {
            run = event.run;
          }
          publish();
          if (event.type === 'finished') onFinished?.(event.run);
        },
        controller.signal,
      )
      .catch(error => {
        if (!controller.signal.aborted) setState(previous => ({ ...previous, error }));
      });
    return () => {
      controller.abort();
      clearTimeout(pending);
    };
    // onFinished is a callback; following a new run is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, runId]);

  return state;
}
