import { CustomErrorBase } from '@backstage/errors';

/**
 * An analysis refused because its input went over a limit: the analysis
 * limits, the time budget or the memory ceiling. Answered with 422
 * (Unprocessable Content): the request is well formed, the Dockerfile is
 * more than this portal analyses. The message names the input, the line where
 * known, and the config key that sets the limit.
 *
 * @public
 */
export class AnalysisRefusedError extends CustomErrorBase {
  name = 'AnalysisRefusedError' as const;
  /** Read by Backstage's error handler for the response status. */
  readonly statusCode = 422;
  /** The limit that was hit: an analysis limit's name, `timeoutMs` or `memoryMb`. */
  readonly limit: string;
  readonly line: number | undefined;

  constructor(options: { message: string; limit: string; line?: number }) {
    super(options.message);
    this.limit = options.limit;
    this.line = options.line;
  }
}
