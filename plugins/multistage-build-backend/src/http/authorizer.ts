import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import type express from 'express';

export type Authorize = (req: express.Request, permission: BasicPermission) => Promise<BackstageCredentials>;

/** Checks a request's credentials against a permission; denial is a 403 naming it. */
export function createAuthorizer(options: { httpAuth: HttpAuthService; permissions: PermissionsService }): Authorize {
  return async (req, permission) => {
    const credentials = await options.httpAuth.credentials(req);
    const [decision] = await options.permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  };
}

/** The user entity ref behind credentials, or null for services. */
export function userOf(credentials: BackstageCredentials): string | null {
  const principal = credentials.principal as { type?: string; userEntityRef?: string };
  return principal.type === 'user' && principal.userEntityRef ? principal.userEntityRef : null;
}
