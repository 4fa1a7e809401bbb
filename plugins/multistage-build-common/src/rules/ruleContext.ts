/*
 * Everything a rule needs, computed once per analysis: the parsed file, the
 * stage graph, the selected target and the stages it needs. Rules about the
 * shipped image use `finalStage`, `shippedStages` and `neededStages` rather
 * than walking all stages, so a stage built only with `--target` never makes
 * the image look bigger or less safe than it is.
 */
import { defaultAnalysisLimits } from '../limits/analysisLimits';
import { ExpansionBudget, type ExpansionMeter } from '../limits/expansionBudget';
import type { Instruction, ParsedDockerfile } from '../parser/types';
import { stagesNeededFor } from '../stages/stageGraph';
import type { Stage, StageGraph } from '../stages/types';
import { runScript } from '../shell/runScript';
import { shellCommands, type ShellCommand } from '../shell/shellCommands';
import { targetKindOf, type TargetKind } from './shared/targetKind';

export interface RuleContext {
  /** The file's path as the caller gave it ('' when unknown). */
  path: string;
  /** The file's lines, without line terminators; `lines[0]` is line 1. */
  lines: string[];
  parsed: ParsedDockerfile;
  graph: StageGraph;
  /** The stage the selected target builds (the last stage by default). */
  finalStage: Stage | null;
  /** The final stage and the stages it is built FROM, final stage first. */
  shippedStages: Stage[];
  /** Indexes of the stages the target needs, the target included. */
  neededStages: ReadonlySet<number>;
  /** What the target produces (shared/targetKind.ts). */
  targetKind: TargetKind;
  /**
   * The target is an image that ships and runs (`targetKind === 'image'`):
   * rules about the shipped image (user, toolchains, healthcheck,
   * permissions) ask this, not only `finalStage`.
   */
  shipsImage: boolean;
  /** The instruction that starts on a line (fixes find theirs by the problem's line). */
  instructionAt(line: number): Instruction | undefined;
  /** The stage an instruction belongs to; null before the first FROM. */
  stageOf(instruction: Instruction): Stage | null;
  /** The simple commands a RUN instruction executes (cached per instruction). */
  commandsOf(instruction: Instruction): ShellCommand[];
  /** The analysis' expansion budget, for expanding a word on `line` (pass it to expandVariables). */
  meterAt(line: number): ExpansionMeter;
  /** Registries base images may come from (configuration); empty when none are configured. */
  trustedRegistries: readonly string[];
}

export interface RuleContextOptions {
  /** The file's path as the caller gave it. */
  path?: string;
  text: string;
  parsed: ParsedDockerfile;
  graph: StageGraph;
  /** Target stage index; defaults to the graph's default target. */
  target?: number | null;
  /** The analysis' expansion budget; a fresh one with the default limits when absent. */
  budget?: ExpansionBudget;
  /** Registries base images may come from; no list means no registry is judged. */
  trustedRegistries?: readonly string[];
}

export function createRuleContext(options: RuleContextOptions): RuleContext {
  const { text, parsed, graph } = options;
  const target = options.target ?? graph.defaultTarget;
  const finalStage = target === null ? null : graph.stages[target] ?? null;

  const shippedStages: Stage[] = [];
  for (let stage = finalStage; stage && !shippedStages.includes(stage); ) {
    shippedStages.push(stage);
    stage = stage.baseStage === null ? null : graph.stages[stage.baseStage];
  }

  const targetKind = targetKindOf(shippedStages, options.path);

  const stageByInstruction = new Map<Instruction, Stage>();
  for (const stage of graph.stages) {
    for (const instruction of stage.instructions) stageByInstruction.set(instruction, stage);
  }
  const commandCache = new Map<Instruction, ShellCommand[]>();
  const byLine = new Map(parsed.instructions.map(i => [i.line, i]));
  const budget = options.budget ?? new ExpansionBudget(defaultAnalysisLimits);

  return {
    path: options.path ?? '',
    lines: text.split('\n').map(l => (l.endsWith('\r') ? l.slice(0, -1) : l)),
    parsed,
    graph,
    finalStage,
    shippedStages,
    neededStages: new Set(target === null ? [] : stagesNeededFor(graph, target)),
    targetKind,
    shipsImage: targetKind === 'image',
    instructionAt: line => byLine.get(line),
    stageOf: instruction => stageByInstruction.get(instruction) ?? null,
    commandsOf: instruction => {
      let commands = commandCache.get(instruction);
      if (!commands) {
        commands = shellCommands(runScript(instruction));
        commandCache.set(instruction, commands);
      }
      return commands;
    },
    meterAt: line => budget.at(line),
    trustedRegistries: options.trustedRegistries ?? [],
  };
}
