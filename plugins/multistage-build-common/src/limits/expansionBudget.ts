/*
 * What variable expansion may produce in one analysis. A chain of ARGs that
 * each double the previous one (`ARG A1=${A0}${A0}` ...) grows exponentially
 * in a kilobyte of text; every expansion is charged here, so such a file stops
 * at a positioned limit instead of building strings of gigabytes.
 */
import { AnalysisLimitError, type AnalysisLimits } from './analysisLimits';

/** The meter one expansion reports to: the budget, and the line being expanded. */
export interface ExpansionMeter {
  /** Throws when `length` is more than one expansion may produce. */
  check(length: number): void;
  /** Adds a finished expansion's length to the total; throws over the total. */
  charge(length: number): void;
  /** Throws when `${...}` are nested deeper than allowed (the expander recurses per level). */
  checkDepth(depth: number): void;
}

export class ExpansionBudget {
  private spent = 0;

  constructor(
    private readonly limits: Pick<AnalysisLimits, 'maxExpandedLength' | 'maxExpansionWork' | 'maxNestingDepth'>,
  ) {}

  /** A meter for expansions on `line`, so an error names the line. */
  at(line: number | undefined): ExpansionMeter {
    return {
      check: length => {
        if (length > this.limits.maxExpandedLength) {
          throw new AnalysisLimitError({ limit: 'maxExpandedLength', max: this.limits.maxExpandedLength, line });
        }
      },
      checkDepth: depth => {
        if (depth > this.limits.maxNestingDepth) {
          throw new AnalysisLimitError({ limit: 'maxNestingDepth', max: this.limits.maxNestingDepth, line });
        }
      },
      charge: length => {
        this.spent += length;
        if (this.spent > this.limits.maxExpansionWork) {
          throw new AnalysisLimitError({ limit: 'maxExpansionWork', max: this.limits.maxExpansionWork, line });
        }
      },
    };
  }
}
