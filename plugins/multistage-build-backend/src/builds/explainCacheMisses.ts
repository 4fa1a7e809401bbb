/*
 * Why a step did not come from the cache: the question BuildKit leaves open
 * (moby/buildkit#2567). Each miss is compared with the latest earlier run of
 * the same entity and target, step by step (matched by stage and position):
 *   1. the instruction text changed;
 *   2. a COPY/ADD source file changed (by the stored context digests);
 *   3. the base image changed (FROM names another image, or the same name
 *      now resolves to other content: the vertex digest moved);
 *   4. an earlier step it depends on missed (following BuildKit's own vertex
 *      inputs, across stages for COPY --from);
 *   5. a build arg changed;
 *   otherwise unknown. The first cause that applies is given.
 */
import type { BuildConfig, BuildStep, CacheMissReason } from '@stagecraft/plugin-multistage-build-common';
import type { StepTracker } from './StepTracker';

export interface PreviousBuild {
  config: BuildConfig;
  steps: BuildStep[];
  contextFiles: Map<string, string>;
}

export interface CurrentBuild {
  config: BuildConfig;
  tracker: StepTracker;
  contextFiles: Map<string, string>;
}

/** How many changed paths a reason lists before saying "and N more". */
const maxPaths = 10;

const placeKey = (step: Pick<BuildStep, 'stage' | 'step'>) => `${step.stage}#${step.step}`;

/** Source operands of a COPY/ADD instruction as BuildKit prints it (flags and destination dropped). */
export function copySources(instruction: string): string[] | null {
  const match = /^(COPY|ADD)\s+(.*)$/i.exec(instruction.trim());
  if (!match) return null;
  if (/--from[= ]/i.test(match[2])) return null;
  const words = match[2].split(/\s+/).filter(w => w && !w.startsWith('--'));
  if (words[0]?.startsWith('[')) return null; // JSON form: rare in practice; no files then
  return words.slice(0, -1);
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

/** Whether a context path lies under a COPY source (`.`, a directory, a file or a glob). */
export function coveredBy(path: string, source: string): boolean {
  const cleaned = source.replace(/^\.\//, '').replace(/\/+$/, '');
  if (cleaned === '' || cleaned === '.') return true;
  if (/[*?[]/.test(cleaned)) {
    const pattern = globToRegExp(cleaned);
    const parts = path.split('/');
    // A glob matching a directory covers what is inside it.
    return parts.some((_, i) => pattern.test(parts.slice(0, i + 1).join('/')));
  }
  return path === cleaned || path.startsWith(`${cleaned}/`);
}

function changedFiles(sources: string[], before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set<string>();
  for (const [path, digest] of after) {
    if (before.get(path) !== digest && sources.some(s => coveredBy(path, s))) paths.add(path);
  }
  for (const path of before.keys()) {
    if (!after.has(path) && sources.some(s => coveredBy(path, s))) paths.add(path);
  }
  return [...paths].sort();
}

function changedBuildArgs(before: BuildConfig, after: BuildConfig): string[] {
  const names = new Set([...Object.keys(before.buildArgs), ...Object.keys(after.buildArgs)]);
  return [...names].filter(n => before.buildArgs[n] !== after.buildArgs[n]).sort();
}

/** The nearest missed, non-internal step among the inputs of `digest` (breadth first). */
function missedInput(tracker: StepTracker, digest: string, missed: (step: BuildStep) => boolean): BuildStep | undefined {
  const seen = new Set<string>([digest]);
  let frontier = tracker.inputsOf(digest);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const input of frontier) {
      if (seen.has(input)) continue;
      seen.add(input);
      const step = tracker.step(input);
      if (step && step.stage !== null && missed(step)) return step;
      next.push(...tracker.inputsOf(input));
    }
    frontier = next;
  }
  return undefined;
}

const isFrom = (step: BuildStep) => /^FROM\s/i.test(step.instruction ?? '');

/**
 * A reason for every step of the current build that missed the cache. A FROM
 * step is never "cached" in BuildKit's report (it resolves the image); it
 * counts as a miss only when the reference or the image behind it (the
 * vertex digest) changed since the previous run.
 */
export function explainCacheMisses(current: CurrentBuild, previous: PreviousBuild | undefined): Map<string, CacheMissReason> {
  const reasons = new Map<string, CacheMissReason>();
  const before = new Map((previous?.steps ?? []).map(s => [placeKey(s), s]));
  const argsChanged = previous ? changedBuildArgs(previous.config, current.config) : [];
  const missed = (step: BuildStep): boolean => {
    if (!isFrom(step)) return !step.cached;
    const earlier = before.get(placeKey(step));
    return !earlier || earlier.instruction !== step.instruction || earlier.digest !== step.digest;
  };

  for (const step of current.tracker.steps()) {
    if (step.stage === null || step.instruction === null || !missed(step)) continue;
    reasons.set(step.digest, reasonFor(step));
  }
  return reasons;

  function reasonFor(step: BuildStep): CacheMissReason {
    if (current.config.cache.disabled) return { kind: 'cache-disabled' };
    if (!previous) return { kind: 'first-build' };
    const earlier = before.get(placeKey(step));
    if (!earlier) return { kind: 'first-build' };
    if (isFrom(step)) return { kind: 'base-image-changed', before: earlier.instruction, after: step.instruction };
    if (earlier.instruction !== step.instruction) {
      return { kind: 'instruction-changed', before: earlier.instruction ?? '', after: step.instruction! };
    }
    const sources = copySources(step.instruction!);
    if (sources) {
      const paths = changedFiles(sources, previous.contextFiles, current.contextFiles);
      if (paths.length > 0) {
        return { kind: 'context-files-changed', paths: paths.slice(0, maxPaths), more: Math.max(0, paths.length - maxPaths) };
      }
    }
    const cause = missedInput(current.tracker, step.digest, missed);
    if (cause) return { kind: 'earlier-step-missed', step: cause.name };
    if (argsChanged.length > 0) return { kind: 'build-arg-changed', names: argsChanged };
    return { kind: 'unknown' };
  }
}
