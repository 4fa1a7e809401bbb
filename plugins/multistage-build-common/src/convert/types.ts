/*
 * The converter's public shapes and the plan that each language recipe
 * returns. A recipe describes stages as data; `renderPlan` turns the plan into
 * Dockerfile text, so every recipe formats instructions the same way.
 */
import type { AnalysisLimits } from '../limits/analysisLimits';
import type { Instruction } from '../parser/types';

/** The languages the converter has a recipe for. */
export type ConvertLanguage = 'node' | 'python' | 'go' | 'java' | 'rust';

/** Input to {@link convertToMultiStage}. */
export interface ConvertOptions {
  /** The single-stage Dockerfile. */
  text: string;
  /** The file name to use in messages; `Dockerfile` when absent. */
  path?: string;
  /** Add a test stage that the runtime stage depends on. Default true. */
  includeTest?: boolean;
  /** Over the default analysis limits; the text is refused with AnalysisLimitError past them. */
  limits?: Partial<AnalysisLimits>;
}

/** A converted Dockerfile. */
export interface ConvertSuccess {
  ok: true;
  /** The multi-stage Dockerfile, ending in a newline. */
  text: string;
  language: ConvertLanguage;
  /** Stage names in file order; the runtime stage is last. */
  stages: string[];
  /** What the converter assumed, replaced or left out, for the user to check. */
  notes: string[];
}

/** Why a Dockerfile could not be converted: which file, which line, what was expected. */
export interface ConvertFailure {
  ok: false;
  reason: string;
}

export type ConvertResult = ConvertSuccess | ConvertFailure;

/** A simple shell command from one of the input's RUN instructions. */
export interface SourceCommand {
  words: string[];
  /** The command as written. */
  text: string;
  /** 1-based line of the RUN instruction. */
  line: number;
}

/** A `NAME=value` setting from ENV, ARG or LABEL; `value` is as written (quotes kept). */
export interface SourceSetting {
  name: string;
  value: string | null;
  line: number;
}

/** The base image of the input, split the way recipes need it. */
export interface SourceImage {
  /** The reference after expanding global ARGs, e.g. `node:20-alpine`. */
  text: string;
  /** Registry and repository as written, without tag or digest, e.g. `node`. */
  repository: string;
  /** The last path part, lower-cased, e.g. `node` for `docker.io/library/node`. */
  name: string;
  tag: string | null;
  digest: string | null;
  line: number;
}

/** Everything the recipes read from a single-stage Dockerfile. */
export interface SourceFacts {
  path: string;
  image: SourceImage;
  /** The effective WORKDIR, absolute; `/app` when the input sets none. */
  workdir: string;
  /** False when the input had no WORKDIR and `/app` was chosen. */
  workdirGiven: boolean;
  env: SourceSetting[];
  /** ARGs declared inside the stage and global ARGs, with defaults. */
  args: SourceSetting[];
  labels: SourceSetting[];
  /** EXPOSE values, expanded, e.g. `8080` or `53/udp`. */
  expose: { value: string; line: number }[];
  cmd: Instruction | null;
  entrypoint: Instruction | null;
  user: Instruction | null;
  healthcheck: Instruction | null;
  volumes: Instruction[];
  stopSignal: Instruction | null;
  /** The simple commands of every RUN, in order. */
  commands: SourceCommand[];
  /** RUN instructions, in order. */
  runs: Instruction[];
  /** Sources of the input's COPY and ADD from the build context, e.g. `go.sum`, `package*.json`. */
  copiedSources: string[];
}

/** A cache mount for `RUN --mount=type=cache,...`. */
export interface CacheMount {
  type?: 'cache';
  target: string;
  id?: string;
  sharing?: 'shared' | 'locked' | 'private';
}

/** A read-only bind mount of a context file, for config that must not land in a layer. */
export interface BindMount {
  type: 'bind';
  source: string;
  target: string;
}

export type RunMount = CacheMount | BindMount;

/** One stage of the output: its base, its name and its instructions as text. */
export interface StagePlan {
  name: string;
  from: string;
  /** Instructions after FROM; a RUN may span lines joined with `\n`. */
  instructions: string[];
}

/** What a recipe produces: global ARGs, stages (runtime last) and notes. */
export interface DockerfilePlan {
  language: ConvertLanguage;
  globalArgs: { name: string; value: string }[];
  stages: StagePlan[];
  notes: string[];
}

export type RecipeOutcome = { ok: true; plan: DockerfilePlan } | ConvertFailure;

/** What every recipe receives. */
export interface RecipeInput {
  facts: SourceFacts;
  includeTest: boolean;
}
