/*
 * Which builder a queued run goes to. The one that built the entity last keeps
 * its layer cache warm: a rebuild there reuses every unchanged layer, while
 * elsewhere it starts cold (bench/scale measures the difference on an
 * example), so it wins while it is healthy and has room. Otherwise the
 * least-loaded healthy builder that builds the run's platform. None with room:
 * the run waits.
 */
import type { EngineCandidate } from '../engine/Builders';

export interface Placement {
  /** The platforms of the run's configuration (one builder builds them all); empty for the engine's own. */
  platforms: string[];
  /** The builder of the entity's latest build that had one. */
  lastEngine: string | null;
}

/** `linux/arm64/v8` and `linux/arm64` are one platform to a builder's list. */
function normalise(platform: string): string {
  return platform.toLowerCase().replace(/^(linux\/arm64)\/v8$/, '$1').replace(/^(linux\/amd64)\/v1$/, '$1');
}

export function buildsPlatform(engine: EngineCandidate, platform: string | null): boolean {
  if (platform === null) return true;
  return engine.platforms.some(p => normalise(p) === normalise(platform));
}

export function chooseEngine(
  placement: Placement,
  engines: EngineCandidate[],
  running: ReadonlyMap<string, number>,
): string | undefined {
  const fits = engines.filter(e => placement.platforms.every(p => buildsPlatform(e, p)) && (running.get(e.name) ?? 0) < e.concurrency);
  const warm = fits.find(e => e.name === placement.lastEngine);
  if (warm) return warm.name;
  const load = (e: EngineCandidate) => (running.get(e.name) ?? 0) / e.concurrency;
  return [...fits].sort((a, b) => load(a) - load(b) || a.name.localeCompare(b.name))[0]?.name;
}
