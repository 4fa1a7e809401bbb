/*
 * Two stages that start from the same base and repeat the same setup build
 * that setup twice (BuildKit may dedupe identical steps, but only while every
 * byte of their inputs matches) and drift apart when one copy is edited. A
 * shared stage makes the common part one cached node both stages build FROM.
 */
import type { Instruction } from '../../parser/types';
import { flagValue, mountsOf } from '../../stages/stageGraph';
import type { Stage } from '../../stages/types';
import { writtenKeyword } from '../shared/instructionSource';
import { stageLabel } from '../shared/stageLabel';
import type { RuleContext } from '../ruleContext';
import { defineRule, type TextEdit } from '../types';

interface Data {
  stage: string;
  other: string;
  count: number;
  /** Index of the earlier stage the run is shared with. */
  anchor: number;
}

const normalizedText = Symbol('normalizedText');

function normalized(i: Instruction): string {
  const memo = i as Instruction & { [normalizedText]?: string };
  if (memo[normalizedText] === undefined) {
    const args = i.json ? JSON.stringify(i.args) : i.args.join(' ');
    memo[normalizedText] = [i.keyword, ...i.flags, args, ...i.heredocs.map(h => h.content)].join(' ').replace(/\s+/g, ' ').trim();
  }
  return memo[normalizedText];
}

function baseKey(stage: Stage): string {
  const base = stage.baseStage !== null ? `stage:${stage.baseStage}` : `image:${stage.resolvedBase.toLowerCase()}`;
  return `${stage.platform ?? ''}|${base}`;
}

/** How many instructions right after FROM the two stages have in common. */
function sharedRun(a: Stage, b: Stage): number {
  let k = 0;
  while (
    k + 1 < a.instructions.length &&
    k + 1 < b.instructions.length &&
    normalized(a.instructions[k + 1]) === normalized(b.instructions[k + 1])
  ) k++;
  return k;
}

/** Inserting a stage renumbers the stages after it, which breaks `--from=<index>`. */
function usesStageIndexes(context: RuleContext): boolean {
  return context.parsed.instructions.some(i => {
    const from = [flagValue(i, 'from'), ...mountsOf(i).map(m => m.from)];
    return from.some(f => f !== undefined && /^\d+$/.test(f));
  });
}

function sharedStageName(context: RuleContext, anchor: Stage): string {
  const taken = new Set(context.graph.stages.map(s => s.name));
  const stem = `${anchor.name ?? 'shared'}-base`;
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  return name;
}

/** FROM <name> for a member stage, keeping its alias as written. */
function memberFrom(stage: Stage, name: string): string {
  const from = stage.instructions[0];
  const alias = from.args.length >= 3 ? ` ${from.args[1]} ${from.args[2]}` : '';
  return `${writtenKeyword(from)} ${name}${alias}`;
}

export const duplicateStageSetup = defineRule<Data>({
  id: 'duplicate-stage-setup',
  severity: 'info',
  enabledByDefault: false,
  category: 'size',
  description: 'Two stages on the same base repeat the same setup instructions right after FROM.',
  message: ({ stage, other, count }) =>
    `The first ${count} instructions of ${stage} repeat those of ${other} on the same base; extract them into a shared stage both build FROM`,
  check: context => {
    // Two stages share a run of two or more exactly when their bases and first
    // two instructions match, so the earliest stage per such key is the anchor:
    // linear, where comparing every pair was quadratic.
    const firstWithKey = new Map<string, Stage>();
    const basesInUse = new Map<string, number>();
    for (const stage of context.graph.stages) basesInUse.set(baseKey(stage), (basesInUse.get(baseKey(stage)) ?? 0) + 1);
    return context.graph.stages.flatMap(stage => {
      // Only stages that share their base with another can repeat its setup.
      if (stage.instructions.length < 3 || basesInUse.get(baseKey(stage))! < 2) return [];
      const key = [baseKey(stage), normalized(stage.instructions[1]), normalized(stage.instructions[2])].join('\n');
      const anchor = firstWithKey.get(key);
      if (!anchor) {
        firstWithKey.set(key, stage);
        return [];
      }
      const from = stage.instructions[0];
      return [{
        line: from.line,
        endLine: from.endLine,
        stage: stage.index,
        data: { stage: stageLabel(stage), other: stageLabel(anchor), count: sharedRun(anchor, stage), anchor: anchor.index },
      }];
    });
  },
  fix: (context, problem) => {
    const anchor = context.graph.stages[problem.data.anchor];
    if (!anchor || usesStageIndexes(context)) return null;
    const k = problem.data.count;
    const members = context.graph.stages.filter(
      s => s.index >= anchor.index && baseKey(s) === baseKey(anchor) && sharedRun(anchor, s) >= k,
    );
    const name = sharedStageName(context, anchor);
    const from = anchor.instructions[0];
    const sharedLines = context.lines.slice(from.endLine, anchor.instructions[k].endLine);
    const sharedFrom = [writtenKeyword(from), ...from.flags, anchor.base, 'AS', name].join(' ');
    const edits: TextEdit[] = members.map(stage => ({
      line: stage.line,
      endLine: stage.instructions[k].endLine,
      text: stage === anchor
        ? [sharedFrom, ...sharedLines, '', memberFrom(stage, name)].join('\n')
        : memberFrom(stage, name),
    }));
    return { title: `Extract the shared setup into stage ${name}`, edits };
  },
});
