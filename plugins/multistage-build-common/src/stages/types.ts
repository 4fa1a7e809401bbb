import type { Instruction } from '../parser/types';

/** What a stage starts from: an image, an earlier stage, nothing, or a variable. */
export type BaseKind = 'image' | 'stage' | 'scratch' | 'variable';

/** What a stage is for; inferred from its name, base and commands. */
export type StageRole =
  | 'base'
  | 'deps'
  | 'build'
  | 'test'
  | 'lint'
  | 'security'
  | 'runtime'
  | 'dev'
  | 'debug'
  | 'other';

export interface Stage {
  index: number;
  /** The `AS` name, lower-cased as BuildKit stores it; null when unnamed. */
  name: string | null;
  /** 1-based line of the FROM instruction. */
  line: number;
  /** 1-based last line of the stage's last instruction. */
  endLine: number;
  /** The base as written, e.g. `${BASE_IMAGE}` or `golang:1.22`. */
  base: string;
  /** The base after expanding global ARGs with their defaults. */
  resolvedBase: string;
  baseKind: BaseKind;
  /** The index of the stage this one is built FROM, when it is one. */
  baseStage: number | null;
  /** The `--platform` flag value, if any. */
  platform: string | null;
  role: StageRole;
  /** The stage's instructions, FROM first. */
  instructions: Instruction[];
}

/** `from` is needed by `to`: `to` is built FROM it, copies from it or mounts it. */
export interface StageEdge {
  from: number;
  to: number;
  kind: 'from' | 'copy' | 'mount';
  /** 1-based line of the instruction that creates the dependency. */
  line: number;
}

/** A global ARG declared before the first FROM. */
export interface MetaArg {
  name: string;
  defaultValue: string | null;
  line: number;
}

export interface StageGraph {
  stages: Stage[];
  edges: StageEdge[];
  metaArgs: MetaArg[];
  /**
   * The global ARG defaults (no build args), each expanded with the ones
   * before it: what BuildKit expands `--from` values and, without build args,
   * FROM lines with. Worked out once here, within the analysis limits.
   */
  globalArgDefaults: ReadonlyMap<string, string>;
  /**
   * Dependencies that exist only when building for another platform: a FROM
   * or `--from` that uses `$TARGETOS`, `$TARGETARCH`, ... selects other stages
   * there. `edges` hold the default platform's (linux/amd64) choice.
   */
  platformEdges: StageEdge[];
  /**
   * Dependencies that exist only with other build-arg values: a FROM or
   * `--from` that uses a global ARG (`FROM base-${VARIANT}`) selects other
   * stages when a build arg sets it. `edges` hold the defaults' choice.
   */
  variantEdges: StageEdge[];
  /** The stage a plain `docker build` produces: the last one. */
  defaultTarget: number | null;
  /** Stages grouped by depth: each group can build once the earlier groups are done. */
  parallelGroups: number[][];
  /** Stages in a dependency cycle or depending on one: BuildKit cannot build them. */
  blockedStages: number[];
  /**
   * Cache mounts used by more than one stage. They order nothing, but the
   * stages share (and contend for) the same cache: a link worth showing.
   */
  sharedCacheMounts: SharedCacheMount[];
}

export interface SharedCacheMount {
  /** The mount's `id`, or its target path when no id is given (BuildKit's default). */
  id: string;
  stages: number[];
}
