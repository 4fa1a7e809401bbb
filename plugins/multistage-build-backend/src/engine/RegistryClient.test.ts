/*
 * The registry API calls of a multi-platform push against a stand-in registry
 * that logs in with Bearer tokens, as Docker Hub, GHCR and Harbor do (the
 * local test registry uses Basic; the engine tests cover that one for real).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestList, RegistryClient, RegistryError } from './RegistryClient';

const password = 'registry-password';
let server: Server;
let host: string;
const scopes: string[] = [];
const authorizations: string[] = [];
let realmHost = '';

function bearer(req: IncomingMessage): boolean {
  return req.headers.authorization === 'Bearer token-for-pull-push';
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, `http://${req.headers.host}`);
    authorizations.push(req.headers.authorization ?? '');
    if (url.pathname === '/token') {
      scopes.push(url.searchParams.get('scope') ?? '');
      const ok = req.headers.authorization === `Basic ${Buffer.from(`ci:${password}`).toString('base64')}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok && url.searchParams.get('scope')?.endsWith(':pull,push') ? { token: 'token-for-pull-push' } : { token: 'pull-only' }));
      return;
    }
    if (!bearer(req)) {
      // Each challenge names only what that request needs, as real registries do.
      const action = req.method === 'PUT' ? 'pull,push' : 'pull';
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${realmHost}/token",service="test",scope="repository:team/app:${action}"` });
      res.end();
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'docker-content-digest': `sha256:${'a'.repeat(64)}`, 'content-length': '528', 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' });
      res.end();
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'docker-content-digest': `sha256:${'b'.repeat(64)}` });
      res.end();
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise(r => server.close(r)));

describe('RegistryClient', () => {
  it('logs in with a Bearer token that allows pull and push, so the manifest list\'s PUT after a HEAD is not refused', async () => {
    realmHost = host;
    const client = new RegistryClient({ host, insecure: true, auth: { username: 'ci', password, serveraddress: host } });
    const manifest = await client.manifest('team/app', `sha256:${'a'.repeat(64)}`);
    expect(manifest).toEqual({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: `sha256:${'a'.repeat(64)}`, size: 528 });
    const digest = await client.putManifestList('team/app', 'v1', [{ ...manifest, platform: 'linux/arm64/v8' }]);
    expect(digest).toBe(`sha256:${'b'.repeat(64)}`);
    expect(scopes).toEqual(['repository:team/app:pull,push']);
    // Basic credentials twice (the first request, as Basic registries expect, and the token request); Bearer after.
    expect(authorizations.filter(a => a.startsWith('Basic')).length).toBe(2);
    expect(manifestList).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
  });

  it('sends no credentials to a realm that is not https on another host', async () => {
    realmHost = 'elsewhere.example.com';
    const client = new RegistryClient({ host, insecure: true, auth: { username: 'ci', password, serveraddress: host } });
    await expect(client.manifest('team/app', 'v1')).rejects.toThrow(RegistryError);
    await expect(client.manifest('team/app', 'v1')).rejects.toThrow('asks for a login at http://elsewhere.example.com, which is not https');
  });
});
