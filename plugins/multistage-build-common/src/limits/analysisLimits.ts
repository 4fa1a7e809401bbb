/*
 * Limits on what one analysis may take on. A Dockerfile is user input: the
 * backend analyses text anyone may post, files from any repository and
 * scaffolder input, so the analysis must stay bounded whatever it is given.
 * Each limit is checked where the work happens (parser, variable expansion)
 * and reported with the line it was hit on, never as a crash.
 */

/** The limits one analysis runs under. docs/security.md lists them with their defaults. */
export interface AnalysisLimits {
  /** Stages (FROM instructions) in one file. */
  maxStages: number;
  /** Instructions in one file. */
  maxInstructions: number;
  /** Characters in one physical line, and in one instruction's lines joined by continuations. */
  maxLineLength: number;
  /** Characters one variable expansion (an ARG default, an ENV value, a FROM word) may produce. */
  maxExpandedLength: number;
  /** Characters all variable expansions of one analysis may produce together. */
  maxExpansionWork: number;
  /** Levels of `${...}` nested inside one another in one word. */
  maxNestingDepth: number;
}

/**
 * Defaults far above real files (of the 55 real-world and example
 * Dockerfiles in this repository the largest has 52 stages and 219
 * instructions, the longest instruction 1,125 characters: BuildKit's own)
 * and low enough that the worst input they allow is analysed in well under a
 * second (bench:fuzz reports it).
 */
export const defaultAnalysisLimits: Readonly<AnalysisLimits> = Object.freeze({
  maxStages: 500,
  maxInstructions: 10_000,
  maxLineLength: 65_536,
  maxExpandedLength: 65_536,
  maxExpansionWork: 4_194_304,
  maxNestingDepth: 64,
});

/** The limits in force: the defaults, with the given ones over them. */
export function resolveAnalysisLimits(limits?: Partial<AnalysisLimits>): AnalysisLimits {
  const resolved = { ...defaultAnalysisLimits };
  for (const [name, value] of Object.entries(limits ?? {}) as [keyof AnalysisLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(name in defaultAnalysisLimits)) throw new TypeError(`unknown analysis limit "${name}"`);
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`analysis limit ${name} must be a positive whole number, got ${value}`);
    }
    resolved[name] = value;
  }
  return resolved;
}

const what: Record<keyof AnalysisLimits, string> = {
  maxStages: 'stages',
  maxInstructions: 'instructions',
  maxLineLength: 'characters in one line',
  maxExpandedLength: 'characters from one variable expansion',
  maxExpansionWork: 'characters from all variable expansions together',
  maxNestingDepth: 'levels of ${...} nested in one word',
};

/**
 * Raised when an input goes over a limit. Carries the limit's name, its value
 * and the line where it was hit, so callers can say what and where.
 */
export class AnalysisLimitError extends Error {
  readonly limit: keyof AnalysisLimits;
  readonly max: number;
  readonly line: number | undefined;

  constructor(options: { limit: keyof AnalysisLimits; max: number; line?: number }) {
    const where = options.line === undefined ? '' : `line ${options.line}: `;
    super(`${where}more than ${options.max.toLocaleString('en-US')} ${what[options.limit]} (limit ${options.limit})`);
    this.name = 'AnalysisLimitError';
    this.limit = options.limit;
    this.max = options.max;
    this.line = options.line;
  }

  /** The same error, placed at a line when it has none yet. */
  at(line: number): AnalysisLimitError {
    return this.line === undefined ? new AnalysisLimitError({ limit: this.limit, max: this.max, line }) : this;
  }
}
