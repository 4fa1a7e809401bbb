/*
 * One call from Dockerfile text to the report: parse, build the stage graph,
 * run every rule against the selected target, then apply configuration
 * (severity overrides, `off`), BuildKit's `# check=` directive, and
 * `# stagecraft ignore=` and `# hadolint ignore=` comments. A severity set by
 * the caller (configuration, --severity) wins over the directive.
 */
import { resolveAnalysisLimits, type AnalysisLimits } from '../limits/analysisLimits';
import { ExpansionBudget } from '../limits/expansionBudget';
import { parseDockerfile } from '../parser/parseDockerfile';
import type { ParsedDockerfile } from '../parser/types';
import { allRules } from '../rules';
import { createRuleContext } from '../rules/ruleContext';
import type { Rule, SeverityOverride } from '../rules/types';
import { buildStageGraph } from '../stages/stageGraph';
import type { StageGraph, StageRole } from '../stages/types';
import type { AnalysisReport, Finding } from './types';
import { checkDirectiveOf, severityUnderCheck } from './checkDirective';
import { rulesForHadolintCode } from '../rules/hadolintCodes';

export interface AnalyzeOptions {
  /** The file name to put in the report, as the user gave it. */
  path: string;
  text: string;
  /** The stage to build, by name or index; the last stage when absent. */
  target?: string | number;
  /** Per-rule severity, or `off`, by rule id. */
  severityOverrides?: Record<string, SeverityOverride>;
  buildArgs?: Record<string, string>;
  roleOverrides?: Record<string, StageRole>;
  /**
   * The rules to run: by default every rule enabled by default, plus the
   * others that `severityOverrides` gives a severity. Rules listed here run
   * whether enabled by default or not.
   */
  rules?: readonly Rule<any>[];
  /** Over the default analysis limits (limits/analysisLimits.ts). */
  limits?: Partial<AnalysisLimits>;
  /** Registries base images may come from (rule untrusted-registry); none judged when absent. */
  trustedRegistries?: readonly string[];
}

/** The report plus the models behind it, for callers that need more than the JSON shape. */
export interface DockerfileAnalysis {
  report: AnalysisReport;
  parsed: ParsedDockerfile;
  graph: StageGraph;
  /** The stage index the rules judged as the shipped image. */
  target: number | null;
}

/** Raised for a `target` that names no stage; the message lists the stages there are. */
export class UnknownTargetError extends Error {
  constructor(target: string | number, graph: StageGraph) {
    const names = graph.stages.map(s => s.name ?? String(s.index));
    super(
      `target "${target}" is not a stage of this Dockerfile; stages: ${
        names.length > 0 ? names.join(', ') : 'none'
      }`,
    );
    this.name = 'UnknownTargetError';
  }
}

/** Resolves a target name or index to a stage index. */
export function resolveTarget(graph: StageGraph, target: string | number | undefined): number | null {
  if (target === undefined || target === '') return graph.defaultTarget;
  // The last stage of a name, as BuildKit's --target picks it.
  const byName = [...graph.stages].reverse().find(s => s.name !== null && s.name === String(target).toLowerCase());
  if (byName) return byName.index;
  let asIndex = NaN;
  if (typeof target === 'number') asIndex = target;
  else if (/^\d+$/.test(target)) asIndex = Number(target);
  if (Number.isInteger(asIndex) && asIndex >= 0 && asIndex < graph.stages.length) return asIndex;
  throw new UnknownTargetError(target, graph);
}

/**
 * Analyses a Dockerfile. Parse problems go in the report; throws only
 * UnknownTargetError, and AnalysisLimitError for input over the limits.
 */
export function analyzeDockerfile(options: AnalyzeOptions): DockerfileAnalysis {
  const limits = resolveAnalysisLimits(options.limits);
  const budget = new ExpansionBudget(limits);
  const parsed = parseDockerfile(options.text, { limits });
  const graph = buildStageGraph(parsed, {
    buildArgs: options.buildArgs,
    roleOverrides: options.roleOverrides,
    budget,
  });
  const target = resolveTarget(graph, options.target);
  const context = createRuleContext({
    path: options.path,
    text: options.text,
    parsed,
    graph,
    target,
    budget,
    trustedRegistries: options.trustedRegistries,
  });
  const overrides = options.severityOverrides ?? {};
  const check = checkDirectiveOf(parsed, options.buildArgs);
  const ignored = ignoredRulesByLine(parsed, context.lines);
  const ignoredEverywhere = new Set(
    parsed.hadolintIgnores.filter(h => h.global).flatMap(h => h.codes.flatMap(rulesForHadolintCode)),
  );

  const findings: Finding[] = [];
  const rules = options.rules ?? allRules.filter(rule => rule.enabledByDefault !== false || overrides[rule.id] !== undefined);
  for (const rule of rules) {
    const severity = overrides[rule.id] ?? severityUnderCheck(rule, check.options) ?? rule.severity;
    if (severity === 'off' || ignoredEverywhere.has(rule.id)) continue;
    for (const problem of rule.check(context)) {
      if (ignored.get(problem.line)?.has(rule.id)) continue;
      findings.push({
        rule: rule.id,
        severity,
        line: problem.line,
        endLine: problem.endLine,
        stage: problem.stage,
        message: rule.message(problem.data),
        alsoKnownAs: rule.alsoKnownAs ?? null,
        fix: rule.fix?.(context, problem) ?? null,
      });
    }
  }
  // Plain comparison: ids are ASCII, and localeCompare is slow in a hot sort.
  findings.sort((a, b) => a.line - b.line || (a.rule < b.rule ? -1 : Number(a.rule > b.rule)));

  return {
    parsed,
    graph,
    target,
    report: {
      path: options.path,
      stages: graph.stages.map(s => ({
        index: s.index,
        name: s.name,
        line: s.line,
        endLine: s.endLine,
        base: s.base,
        baseKind: s.baseKind,
        role: s.role,
      })),
      edges: graph.edges.map(e => ({ from: e.from, to: e.to, kind: e.kind })),
      defaultTarget: graph.defaultTarget,
      parallelGroups: graph.parallelGroups,
      findings,
      parseErrors: [...parsed.errors, ...(check.error ? [check.error] : [])].map(e => ({ line: e.line, message: e.message })),
    },
  };
}

/**
 * `# stagecraft ignore=<id>` (and hadolint's `# hadolint ignore=DLxxxx`, by
 * the rules its codes map to) silences a rule for the instruction right
 * below the comment block it stands in. Returns rule ids by the line they
 * silence.
 */
function ignoredRulesByLine(parsed: ParsedDockerfile, lines: string[]): Map<number, Set<string>> {
  const ignored = new Map<number, Set<string>>();
  const hadolint = parsed.hadolintIgnores
    .filter(h => !h.global)
    .map(h => ({ line: h.line, ruleIds: h.codes.flatMap(rulesForHadolintCode) }));
  for (const comment of [...parsed.ignoreComments, ...hadolint]) {
    let line = comment.line + 1;
    while (line <= lines.length && /^\s*#/.test(lines[line - 1])) line++;
    const set = ignored.get(line) ?? new Set<string>();
    comment.ruleIds.forEach(id => set.add(id));
    ignored.set(line, set);
  }
  return ignored;
}
