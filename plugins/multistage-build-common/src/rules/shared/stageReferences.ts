/*
 * Every place a Dockerfile names another stage (or an image in its place):
 * FROM, COPY --from and RUN --mount=...,from=. BuildKit expands these values
 * with the global ARGs only (those before the first FROM), never with a
 * stage's own ARG/ENV, so that is all we expand them with here. ADD takes no
 * --from and ONBUILD triggers resolve in the child build, so neither counts.
 */
import type { Instruction, ParsedDockerfile } from '../../parser/types';
import type { ExpansionMeter } from '../../limits/expansionBudget';
import { expandVariables } from '../../stages/expandVariables';
import { flagValue, mountsOf } from '../../stages/stageGraph';
import type { Stage, StageGraph } from '../../stages/types';

export interface StageReference {
  instruction: Instruction;
  /** The stage the instruction belongs to. */
  stage: Stage;
  kind: 'from' | 'copy' | 'mount';
  /** The value as written, e.g. `${BASE}` or `builder`. */
  written: string;
  /** The value expanded with global ARG defaults; null when a variable has no value. */
  resolved: string | null;
}

/** The stage a `--from` value selects: a name (case-insensitive) or an index. */
const stagesByName = new WeakMap<StageGraph, Map<string, Stage[]>>();

/**
 * Every stage with a name (lower-case), in file order. Built once per graph:
 * rules ask for every reference, and files with a thousand stages exist.
 */
export function stagesNamed(graph: StageGraph, name: string): readonly Stage[] {
  let byName = stagesByName.get(graph);
  if (!byName) {
    byName = new Map();
    for (const stage of graph.stages) {
      if (stage.name !== null) byName.set(stage.name, [...(byName.get(stage.name) ?? []), stage]);
    }
    stagesByName.set(graph, byName);
  }
  return byName.get(name) ?? [];
}

export function stageSelectedBy(graph: StageGraph, value: string): Stage | undefined {
  const lowered = value.toLowerCase();
  // BuildKit keeps the last stage registered under a name.
  const all = stagesNamed(graph, lowered);
  const named = all[all.length - 1];
  if (named) return named;
  if (/^\d+$/.test(lowered) && Number(lowered) < graph.stages.length) {
    return graph.stages[Number(lowered)];
  }
  return undefined;
}

const referencesByGraph = new WeakMap<StageGraph, StageReference[]>();

/** All stage references in file order (worked out once per graph; several rules read them). */
export function stageReferences(context: ReferenceContext): StageReference[] {
  let references = referencesByGraph.get(context.graph);
  if (!references) {
    references = collectStageReferences(context);
    referencesByGraph.set(context.graph, references);
  }
  return references;
}

interface ReferenceContext {
  graph: StageGraph;
  parsed: Pick<ParsedDockerfile, 'escapeChar'>;
  /** The analysis' expansion budget; the per-expansion default limit alone when absent. */
  meterAt?(line: number): ExpansionMeter;
}

function collectStageReferences(context: ReferenceContext): StageReference[] {
  const scope = context.graph.globalArgDefaults;
  const resolve = (written: string, line: number): string | null => {
    const result = expandVariables(written, scope, context.parsed.escapeChar, context.meterAt?.(line));
    if (result.unset.length > 0 || result.error || result.value.includes('$')) return null;
    return result.value;
  };
  const references: StageReference[] = [];
  for (const stage of context.graph.stages) {
    const [from, ...rest] = stage.instructions;
    if (from && stage.base !== '') {
      references.push({ instruction: from, stage, kind: 'from', written: stage.base, resolved: resolve(stage.base, from.line) });
    }
    for (const instruction of rest) {
      const copyFrom = instruction.keyword === 'COPY' ? flagValue(instruction, 'from') : undefined;
      if (copyFrom !== undefined && copyFrom !== '') {
        references.push({ instruction, stage, kind: 'copy', written: copyFrom, resolved: resolve(copyFrom, instruction.line) });
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const mount of mountsOf(instruction)) {
        if (mount.from === undefined || mount.from === '') continue;
        references.push({ instruction, stage, kind: 'mount', written: mount.from, resolved: resolve(mount.from, instruction.line) });
      }
    }
  }
  return references;
}
