/*
 * The stage model and its dependency graph, built from parsed instructions the
 * way BuildKit's dockerfile2llb resolves them: stage names are
 * case-insensitive, FROM and `--from` values are expanded with the global
 * ARGs, a `--from` that names no earlier stage is an image, and a numeric
 * `--from` is a stage index.
 */
import type { Instruction, ParsedDockerfile } from '../parser/types';
import { buildOrder } from './buildOrder';
import type { ExpansionBudget } from '../limits/expansionBudget';
import { expandVariables } from './expandVariables';
import { flagValue, mountsOf } from './instructionFlags';
import { anyPlatformPattern, anyValuePattern, defaultPlatformArgs, platformArgNames } from './platformArgs';
import { roleFromCommands, roleFromName } from './stageRoles';
import { sharedCacheMounts } from './sharedCacheMounts';
import type { MetaArg, Stage, StageEdge, StageGraph, StageRole } from './types';

export { flagValue, mountsOf } from './instructionFlags';

export interface StageGraphOptions {
  /** Build-arg values that override global ARG defaults. */
  buildArgs?: Record<string, string>;
  /** Roles set by the user, by stage name or index, over the inferred ones. */
  roleOverrides?: Record<string, StageRole>;
  /** Charged for every variable expansion; without one, only the per-expansion default limit applies. */
  budget?: ExpansionBudget;
}

function metaArgsOf(instructions: Instruction[]): MetaArg[] {
  const args: MetaArg[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') break;
    if (instruction.keyword !== 'ARG') continue;
    for (const word of instruction.args) {
      const eq = word.indexOf('=');
      args.push({
        name: eq < 0 ? word : word.slice(0, eq),
        defaultValue: eq < 0 ? null : word.slice(eq + 1),
        line: instruction.line,
      });
    }
  }
  return args;
}

/**
 * Global ARG values in force for FROM lines: BuildKit's automatic platform
 * ARGs, then the global ARG defaults, each overridden by build args.
 */
function globalScope(
  metaArgs: MetaArg[],
  buildArgs: Record<string, string>,
  escapeChar: string,
  budget: ExpansionBudget | undefined,
): Map<string, string> {
  const scope = new Map<string, string>();
  for (const [name, value] of Object.entries(defaultPlatformArgs)) scope.set(name, buildArgs[name] ?? value);
  for (const arg of metaArgs) {
    if (arg.name in buildArgs) scope.set(arg.name, buildArgs[arg.name]);
    else if (arg.defaultValue !== null) {
      scope.set(arg.name, expandVariables(arg.defaultValue, scope, escapeChar, budget?.at(arg.line)).value);
    }
  }
  return scope;
}

/** Global ARG defaults alone (no build args), each expanded with the ones before it. */
function globalDefaults(metaArgs: MetaArg[], escapeChar: string, budget: ExpansionBudget | undefined): Map<string, string> {
  const scope = new Map<string, string>();
  for (const arg of metaArgs) {
    if (arg.defaultValue !== null) {
      scope.set(arg.name, expandVariables(arg.defaultValue, scope, escapeChar, budget?.at(arg.line)).value);
    }
  }
  return scope;
}

/** Builds the stages and their edges. Never throws. */
export function buildStageGraph(
  parsed: ParsedDockerfile,
  options: StageGraphOptions = {},
): StageGraph {
  const { instructions, escapeChar } = parsed;
  const metaArgs = metaArgsOf(instructions);
  const { budget } = options;
  const scope = globalScope(metaArgs, options.buildArgs ?? {}, escapeChar, budget);
  const globalArgDefaults = globalDefaults(metaArgs, escapeChar, budget);
  const expand = (word: string, line: number) => expandVariables(word, scope, escapeChar, budget?.at(line)).value;

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name] = instruction.args;
      const stageName = as?.toLowerCase() === 'as' && name ? name.toLowerCase() : null;
      const resolvedBase = expand(base, instruction.line);
      const platform = flagValue(instruction, 'platform') ?? null;
      stages.push({
        index: stages.length,
        name: stageName,
        line: instruction.line,
        endLine: instruction.endLine,
        base,
        resolvedBase,
        baseKind: 'image',
        baseStage: null,
        platform,
        role: 'other',
        instructions: [instruction],
      });
    } else if (stages.length > 0) {
      const stage = stages[stages.length - 1];
      stage.instructions.push(instruction);
      stage.endLine = instruction.endLine;
    }
  }

  // As in BuildKit's dispatch states, a later stage of the same name replaces
  // an earlier one for `--from` and `--target`; FROM sees the nearest one above
  // it. Duplicates are a finding of their own.
  const byName = new Map<string, Stage>();
  for (const stage of stages) if (stage.name) byName.set(stage.name, stage);
  const seenSoFar = new Map<string, Stage>();
  /**
   * The stage a `--from` names. Unlike FROM, `COPY --from` and mounts may name
   * any stage, a later one or the stage itself (BuildKit then reports a
   * circular dependency); a number is a stage index.
   */
  const stageNamed = (reference: string): Stage | undefined => {
    const ref = reference.toLowerCase();
    const named = byName.get(ref);
    if (named) return named;
    if (/^\d+$/.test(ref) && Number(ref) < stages.length) return stages[Number(ref)];
    return undefined;
  };

  const edges: StageEdge[] = [];
  const platformEdges: StageEdge[] = [];
  const variantEdges: StageEdge[] = [];
  const argNames = [...new Set([...metaArgs.map(a => a.name), ...platformArgNames])];
  /** Stages a platform-dependent reference selects on platforms other than the default. */
  const onOtherPlatforms = (word: string, chosen: Stage | undefined, before?: number): Stage[] => {
    const pattern = anyPlatformPattern(word, scope, escapeChar);
    if (!pattern) return [];
    const candidates = before === undefined ? stages : stages.slice(0, before);
    return candidates.filter(s => s !== chosen && s.name !== null && pattern.test(s.name));
  };
  /** Stages a reference selects with other build-arg values, beyond the platform choices. */
  const withOtherArgs = (word: string, chosen: Stage | undefined, onPlatforms: Stage[], before?: number): Stage[] => {
    // `FROM ${BASE_IMAGE}` whose default names an image picks an image, not a stage: it could match any
    // stage name, and would tie every stage to every earlier one. It selects stages when its default does,
    // and when it has no default (`ARG FLAVOR`, `FROM ${FLAVOR}`: the build arg names the stage).
    if (chosen === undefined && /^\$\{?[A-Za-z_]\w*(:?[-+?][^}]*)?\}?$/.test(word.trim())) {
      const value = expandVariables(word, scope, escapeChar).value;
      if (value !== '' && !value.includes('$')) return [];
    }
    const pattern = anyValuePattern(word, scope, escapeChar, argNames);
    if (!pattern) return [];
    const candidates = before === undefined ? stages : stages.slice(0, before);
    return candidates.filter(s => s !== chosen && s.name !== null && pattern.test(s.name) && !onPlatforms.includes(s));
  };
  /** Records the edges a reference makes on other platforms and with other build args. */
  const addVariableEdges = (word: string, chosen: Stage | undefined, to: number, kind: StageEdge['kind'], line: number, before?: number) => {
    const onPlatforms = onOtherPlatforms(word, chosen, before);
    for (const other of onPlatforms) platformEdges.push({ from: other.index, to, kind, line });
    for (const other of withOtherArgs(word, chosen, onPlatforms, before)) variantEdges.push({ from: other.index, to, kind, line });
  };
  for (const stage of stages) {
    const lowered = stage.resolvedBase.toLowerCase();
    // FROM takes names, not indexes.
    const baseStage = /^\d+$/.test(lowered) ? undefined : seenSoFar.get(lowered);
    if (stage.name) seenSoFar.set(stage.name, stage);
    if (baseStage) {
      stage.baseKind = 'stage';
      stage.baseStage = baseStage.index;
      edges.push({ from: baseStage.index, to: stage.index, kind: 'from', line: stage.line });
    } else if (stage.base.includes('$')) {
      stage.baseKind = 'variable';
    } else if (lowered === 'scratch') {
      stage.baseKind = 'scratch';
    }
    addVariableEdges(stage.base, baseStage, stage.index, 'from', stage.line, stage.index);

    for (const instruction of stage.instructions.slice(1)) {
      const from = instruction.keyword === 'COPY' || instruction.keyword === 'ADD'
        ? flagValue(instruction, 'from')
        : undefined;
      const source = from !== undefined ? stageNamed(expand(from, instruction.line)) : undefined;
      if (source) {
        edges.push({ from: source.index, to: stage.index, kind: 'copy', line: instruction.line });
      }
      if (from !== undefined) addVariableEdges(from, source, stage.index, 'copy', instruction.line);
      if (instruction.keyword === 'RUN') {
        for (const mount of mountsOf(instruction)) {
          if (mount.from === undefined) continue;
          const mounted = stageNamed(expand(mount.from, instruction.line));
          if (mounted) {
            edges.push({ from: mounted.index, to: stage.index, kind: 'mount', line: instruction.line });
          }
          addVariableEdges(mount.from, mounted, stage.index, 'mount', instruction.line);
        }
      }
    }
  }

  assignRoles(stages, edges, options.roleOverrides ?? {});
  return {
    stages,
    edges: dedupeEdges(edges),
    platformEdges: dedupeEdges(platformEdges),
    variantEdges: dedupeEdges(variantEdges),
    metaArgs,
    globalArgDefaults,
    defaultTarget: stages.length > 0 ? stages.length - 1 : null,
    ...buildOrder(stages, edges),
    sharedCacheMounts: sharedCacheMounts(stages),
  };
}

function dedupeEdges(edges: StageEdge[]): StageEdge[] {
  const seen = new Set<string>();
  return edges.filter(e => {
    const key = `${e.from}>${e.to}:${e.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function assignRoles(
  stages: Stage[],
  edges: StageEdge[],
  overrides: Record<string, StageRole>,
) {
  const last = stages.length - 1;
  const builtFrom = new Set(edges.filter(e => e.kind === 'from').map(e => e.from));
  for (const stage of stages) {
    const override = overrides[stage.name ?? ''] ?? overrides[String(stage.index)];
    const commands = stage.instructions
      .filter(i => i.keyword === 'RUN')
      .map(i => i.args.join(' '));
    stage.role =
      override ??
      roleFromName(stage.name) ??
      (stage.index === last ? 'runtime' : undefined) ??
      (builtFrom.has(stage.index) ? 'base' : undefined) ??
      roleFromCommands(commands) ??
      'other';
  }
}

/**
 * The stages a target needs (itself included), in index order: for the
 * default platform, or with `anyPlatform` for any target platform (stages
 * picked by `$TARGETOS` and friends included).
 */
export function stagesNeededFor(
  graph: Pick<StageGraph, 'edges'> & Partial<Pick<StageGraph, 'platformEdges' | 'variantEdges'>>,
  target: number,
  options: { anyPlatform?: boolean; anyBuildArgs?: boolean } = {},
): number[] {
  const dependencies = new Map<number, number[]>();
  const edges = [
    ...graph.edges,
    ...(options.anyPlatform ? graph.platformEdges ?? [] : []),
    ...(options.anyBuildArgs ? graph.variantEdges ?? [] : []),
  ];
  for (const edge of edges) {
    const list = dependencies.get(edge.to) ?? [];
    list.push(edge.from);
    dependencies.set(edge.to, list);
  }
  const needed = new Set<number>([target]);
  const queue = [target];
  while (queue.length > 0) {
    for (const from of dependencies.get(queue.pop()!) ?? []) {
      if (!needed.has(from)) {
        needed.add(from);
        queue.push(from);
      }
    }
  }
  return [...needed].sort((a, b) => a - b);
}
