/*
 * A seeded random sample of findings per severity, spread over the rules:
 * rules take turns (in a seeded order) giving one of their findings (in a
 * seeded order) until the severity's quota is met or its findings run out.
 * The same seed and corpus give the same sample.
 */
import type { CorpusFinding } from './findings';

/** mulberry32: a small seeded generator, enough for sampling. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function sampleFindings(
  findings: CorpusFinding[],
  quota: Record<string, number>,
  seed: number,
): CorpusFinding[] {
  const next = random(seed);
  const sample: CorpusFinding[] = [];
  for (const [severity, wanted] of Object.entries(quota)) {
    const byRule = new Map<string, CorpusFinding[]>();
    for (const finding of findings.filter(f => f.severity === severity)) {
      byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
    }
    const queues = shuffled([...byRule.keys()].sort(), next).map(rule => shuffled(byRule.get(rule)!, next));
    let taken = 0;
    while (taken < wanted && queues.some(q => q.length > 0)) {
      for (const queue of queues) {
        const finding = queue.shift();
        if (finding && taken < wanted) {
          sample.push(finding);
          taken++;
        }
      }
    }
  }
  return sample;
}
