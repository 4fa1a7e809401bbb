/*
 * Mock auth for test backends that run Backstage's real permission backend.
 *
 * When a plugin calls another on a user's behalf, Backstage's real tokens say
 * which plugin acts for the user (`principal.actor`), and the permission
 * backend relies on it: a user principal without an actor is a browser
 * calling directly, which may not ask about resource permissions without a
 * resourceRef. The stock mocks drop the actor, so the catalog's own
 * conditional checks fail against the real permission backend. These keep it.
 */
import {
  coreServices,
  createServiceFactory,
  type AuthService,
  type BackstageCredentials,
  type BackstagePrincipalTypes,
  type HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';

const prefix = 'mock-obo-token:';

function authFor(pluginId: string): AuthService {
  const mock = mockServices.auth({ pluginId });
  return {
    async authenticate(token, options) {
      if (token.startsWith(prefix)) {
        const { obo, actor, target } = JSON.parse(token.slice(prefix.length));
        if (target !== pluginId) throw new AuthenticationError(`token for ${target}, not ${pluginId}`);
        return mockCredentials.user(obo, { actor: { subject: actor } });
      }
      return mock.authenticate(token, options);
    },
    async getPluginRequestToken(options) {
      const { principal } = options.onBehalfOf as BackstageCredentials<{ type: string; userEntityRef?: string }>;
      if (principal.type === 'user') {
        const token = { obo: principal.userEntityRef, actor: `plugin:${pluginId}`, target: options.targetPluginId };
        return { token: `${prefix}${JSON.stringify(token)}` };
      }
      return mock.getPluginRequestToken(options);
    },
    getNoneCredentials: () => mock.getNoneCredentials(),
    getOwnServiceCredentials: () => mock.getOwnServiceCredentials(),
    isPrincipal: mock.isPrincipal.bind(mock) as AuthService['isPrincipal'],
    getLimitedUserToken: credentials => mock.getLimitedUserToken(credentials),
    listPublicServiceKeys: () => mock.listPublicServiceKeys(),
  };
}

function httpAuthFor(auth: AuthService): HttpAuthService {
  return {
    async credentials(req, options) {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const credentials = token ? await auth.authenticate(token) : await auth.getNoneCredentials();
      const allowed = (options?.allow ?? []) as (keyof BackstagePrincipalTypes)[];
      if (allowed.length > 0 && !allowed.some(type => auth.isPrincipal(credentials, type))) {
        throw new NotAllowedError(`This endpoint does not allow '${(credentials.principal as { type: string }).type}' credentials`);
      }
      return credentials as never;
    },
    async issueUserCookie() {
      return { expiresAt: new Date(Date.now() + 3600_000) };
    },
  };
}

/** Service factories to pass to startTestBackend's features. */
export const onBehalfOfAuthFactories = [
  createServiceFactory({
    service: coreServices.auth,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => authFor(plugin.getId()),
  }),
  createServiceFactory({
    service: coreServices.httpAuth,
    deps: { auth: coreServices.auth },
    factory: ({ auth }) => httpAuthFor(auth),
  }),
];
