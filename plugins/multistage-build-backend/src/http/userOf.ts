import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/** The user entity ref behind credentials, or null for services. */
export function userOf(credentials: BackstageCredentials): string | null {
  const principal = credentials.principal as { type?: string; userEntityRef?: string };
  return principal.type === 'user' && principal.userEntityRef ? principal.userEntityRef : null;
}
