import { CustomErrorBase } from '@backstage/errors';

/** A build refused because its user or entity has as many unfinished builds as allowed: 429. */
export class TooManyBuildsError extends CustomErrorBase {
  name = 'TooManyBuildsError' as const;
  /** Read by Backstage's error handler for the response status. */
  readonly statusCode = 429;
}
