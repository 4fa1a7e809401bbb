/*
 * What went wrong, in the server's words. A ResponseError's own message is
 * only "Request failed with 409 Conflict"; the backend's reason ("run ... has
 * already finished") is in its body.
 */
import { ResponseError } from '@backstage/errors';

export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) return error.body.error.message || error.message;
  return error instanceof Error ? error.message : String(error);
}
