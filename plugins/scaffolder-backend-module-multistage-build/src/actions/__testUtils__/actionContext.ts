import type { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * A mock context typed for the action's handler. Tests pass input as the
 * template author writes it (defaults left out), so the literal's type is
 * narrower than the handler's parsed input; the handlers apply the defaults
 * themselves.
 */
export function contextFor<A extends { handler: (ctx: never) => Promise<void> }>(
  _action: A,
  options: { input: JsonObject; workspacePath: string; isDryRun?: boolean },
): Parameters<A['handler']>[0] {
  // createMockActionContext drops isDryRun; the scaffolder sets it on dry runs.
  const { isDryRun, ...rest } = options;
  return { ...createMockActionContext(rest), isDryRun } as unknown as Parameters<A['handler']>[0];
}
