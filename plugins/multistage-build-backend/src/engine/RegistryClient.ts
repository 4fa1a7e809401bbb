/*
 * The few calls of the registry API (distribution spec v2) a multi-platform
 * push needs that the Engine API does not offer: read each platform's pushed
 * manifest, and put a manifest list naming them under each tag. Logs in the
 * way registries ask: Basic credentials, or a Bearer token from the realm a
 * 401 names (Docker Hub, GHCR, Harbor…). Credentials never appear in an error.
 */
import type { RegistryAuth } from './Engine';

export const manifestV2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const manifestList = 'application/vnd.docker.distribution.manifest.list.v2+json';
const ociManifest = 'application/vnd.oci.image.manifest.v1+json';

export interface ManifestDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface PlatformManifest extends ManifestDescriptor {
  /** e.g. `linux/arm64`, `linux/arm/v7`. */
  platform: string;
}

export class RegistryError extends Error {
  name = 'RegistryError';
}

export class RegistryClient {
  private token: string | undefined;

  constructor(
    private readonly options: {
      host: string;
      /** Plain HTTP (a registry on localhost); HTTPS otherwise. */
      insecure: boolean;
      auth?: RegistryAuth;
      /** Milliseconds each request may take. Default 30 s. */
      timeoutMs?: number;
    },
  ) {}

  /** The manifest `reference` (a tag or digest) names, as the registry describes it. */
  async manifest(repository: string, reference: string): Promise<ManifestDescriptor> {
    const response = await this.request('HEAD', repository, `manifests/${reference}`, { accept: [manifestV2, ociManifest, manifestList].join(', ') });
    const digest = response.headers.get('docker-content-digest');
    const size = Number(response.headers.get('content-length'));
    if (!digest || !Number.isFinite(size)) throw new RegistryError(`${this.options.host}/${repository}:${reference}: the registry answered no digest or size`);
    return { mediaType: (response.headers.get('content-type') ?? manifestV2).split(';')[0], digest, size };
  }

  /** Puts a manifest list of `manifests` under `tag`; answers its digest. */
  async putManifestList(repository: string, tag: string, manifests: PlatformManifest[]): Promise<string> {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestList,
      manifests: manifests.map(m => {
        const [os, architecture, variant] = m.platform.split('/');
        return { mediaType: m.mediaType, digest: m.digest, size: m.size, platform: { architecture, os, ...(variant ? { variant } : {}) } };
      }),
    });
    const response = await this.request('PUT', repository, `manifests/${tag}`, { 'content-type': manifestList }, body);
    const digest = response.headers.get('docker-content-digest');
    if (!digest) throw new RegistryError(`${this.options.host}/${repository}:${tag}: the registry stored the manifest list without answering its digest`);
    return digest;
  }

  private url(repository: string, path: string): string {
    return `${this.options.insecure ? 'http' : 'https'}://${this.options.host}/v2/${repository}/${path}`;
  }

  private async request(method: string, repository: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const send = () =>
      fetch(this.url(repository, path), {
        method,
        headers: { ...headers, ...this.authorization() },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    let response = await send().catch(e => {
      throw new RegistryError(`${this.options.host} did not answer ${method} ${path}: ${(e as Error).message}`);
    });
    if (response.status === 401 && (await this.logIn(response, repository))) response = await send();
    if (!response.ok) {
      const text = method === 'HEAD' ? '' : (await response.text()).slice(0, 300);
      throw new RegistryError(`${this.options.host}/${repository} answered ${response.status} to ${method} ${path}${text ? `: ${text}` : ''}`);
    }
    return response;
  }

  private authorization(): Record<string, string> {
    if (this.token) return { authorization: `Bearer ${this.token}` };
    const { auth } = this.options;
    return auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  }

  /**
   * Follows a Bearer challenge; false when the registry asks for nothing we
   * can answer. The token asked for allows pull and push whatever the
   * challenge named: a pull-only token from the first HEAD would be refused
   * at the manifest list's PUT. Credentials go only to an https realm (or to
   * the registry's own host when it is `insecure`).
   */
  private async logIn(challenge: Response, repository: string): Promise<boolean> {
    const header = challenge.headers.get('www-authenticate') ?? '';
    if (!/^Bearer /i.test(header) || this.token) return false;
    const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]));
    if (!params.realm) return false;
    const url = new URL(params.realm);
    if (url.protocol !== 'https:' && !(this.options.insecure && url.host === this.options.host)) {
      throw new RegistryError(`${this.options.host} asks for a login at ${url.origin}, which is not https: credentials are not sent there`);
    }
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', `repository:${repository}:pull,push`);
    const { auth } = this.options;
    const response = await fetch(url, {
      headers: auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {},
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    }).catch(e => {
      throw new RegistryError(`${url.host} did not answer a token request: ${(e as Error).message}`);
    });
    if (!response.ok) throw new RegistryError(`${url.host} refused a token for ${repository} (${response.status})`);
    const json = (await response.json()) as { token?: string; access_token?: string };
    this.token = json.token ?? json.access_token;
    return Boolean(this.token);
  }
}
