/*
 * The critical path: the chain of stages that decides how long a build of a
 * target takes when BuildKit runs independent stages in parallel. Stage
 * weights come from recorded durations when earlier builds give them, and
 * from a documented heuristic otherwise, so the path can be shown before the
 * first build.
 *
 * Heuristic, in estimated seconds per instruction (docs/analysis.md):
 *   RUN that installs, downloads or compiles (package managers, compilers) 30
 *     (a package-manager command that only tidies or reports, such as
 *     `npm prune` or `pip --version`, does not count)
 *   any other RUN                                                           5
 *   COPY / ADD                                                              1
 *   FROM an image (resolve and pull, usually cached)                        2
 *   everything else (ENV, LABEL, USER, ...)                                 0
 */
import type { Instruction } from '../parser/types';
import { runScript } from '../shell/runScript';
import { shellCommands } from '../shell/shellCommands';
import type { Stage, StageGraph } from './types';
import { stagesNeededFor } from './stageGraph';

export interface StageWeight {
  seconds: number;
  source: 'recorded' | 'estimate';
}

export interface CriticalPath {
  /** Stage indexes from the first stage to build to the target. */
  stages: number[];
  /** Sum of the weights along the path. */
  seconds: number;
  /** The weight used for every stage the target needs. */
  weights: Record<number, StageWeight>;
}

export interface CriticalPathOptions {
  /** Stage index to build; the default target when absent. */
  target?: number | null;
  /** Seconds each stage took in an earlier build, by stage index. */
  recordedSeconds?: Record<number, number>;
}

const heavyCommand =
  /\b(apt-get|apt|apk|yum|dnf|npm|yarn|pnpm|pip3?|uv|poetry|go|cargo|mvn|mvnw|gradle|gradlew|dotnet|bundle|gem|composer|make|cmake|gcc|g\+\+|clang|rustc|javac)\b/;
/** Package-manager subcommands that neither fetch nor compile: they prune what is there, or report. */
const lightSubcommand = /^(prune|config|cache|list|ls|why|version|--version|-v|-V|help|--help)$/;

function isHeavy(words: string[]): boolean {
  const program = words.findIndex(word => heavyCommand.test(word));
  if (program < 0) return false;
  const subcommand = words.slice(program + 1).find(word => !/^-[^-]/.test(word) || /^-[vV]$/.test(word));
  return !(subcommand !== undefined && lightSubcommand.test(subcommand));
}

function instructionSeconds(instruction: Instruction): number {
  switch (instruction.keyword) {
    case 'RUN':
      return shellCommands(runScript(instruction)).some(command => isHeavy(command.words)) ? 30 : 5;
    case 'COPY':
    case 'ADD':
      return 1;
    default:
      return 0;
  }
}

/** The heuristic weight of a stage, in estimated seconds. */
export function estimateStageSeconds(stage: Stage): number {
  const pull = stage.baseKind === 'image' || stage.baseKind === 'variable' ? 2 : 0;
  return stage.instructions.reduce((sum, i) => sum + instructionSeconds(i), pull);
}

/** The longest weighted chain of dependencies ending at the target. Never throws. */
export function criticalPath(graph: StageGraph, options: CriticalPathOptions = {}): CriticalPath {
  const target = options.target ?? graph.defaultTarget;
  if (target === null || !graph.stages[target]) return { stages: [], seconds: 0, weights: {} };

  const needed = new Set(stagesNeededFor(graph, target));
  const weights: Record<number, StageWeight> = {};
  for (const index of needed) {
    const recorded = options.recordedSeconds?.[index];
    weights[index] =
      recorded !== undefined && Number.isFinite(recorded) && recorded >= 0
        ? { seconds: recorded, source: 'recorded' }
        : { seconds: estimateStageSeconds(graph.stages[index]), source: 'estimate' };
  }

  // Parallel groups are a topological order; blocked stages (in or behind a
  // cycle) cannot build and are left out, so the walk cannot loop.
  const blocked = new Set(graph.blockedStages);
  const best = new Map<number, { seconds: number; previous: number | null }>();
  for (const group of graph.parallelGroups) {
    for (const index of group) {
      if (!needed.has(index) || blocked.has(index)) continue;
      let previous: number | null = null;
      let longest = 0;
      for (const edge of graph.edges) {
        if (edge.to !== index || edge.from === index) continue;
        const before = best.get(edge.from);
        if (before && (before.seconds > longest || previous === null)) {
          longest = before.seconds;
          previous = edge.from;
        }
      }
      best.set(index, { seconds: longest + weights[index].seconds, previous });
    }
  }

  const end = best.get(target);
  if (!end) return { stages: [], seconds: 0, weights };
  const stages: number[] = [];
  for (let at: number | null = target; at !== null; at = best.get(at)?.previous ?? null) {
    stages.unshift(at);
  }
  return { stages, seconds: end.seconds, weights };
}
