import type { BuildConfig, DockerfileAnalysisResponse } from '@stagecraft/plugin-multistage-build-common';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildAccess, grantedTo } from './BuildAccess';

const keyFile = join(mkdtempSync(join(tmpdir(), 'stagecraft-access-')), 'deploy_key');
writeFileSync(keyFile, 'KEY FILE TEXT');

const access = new BuildAccess({
  secrets: [
    { id: 'npm_token', env: 'STAGECRAFT_TEST_NPM_TOKEN', entities: ['component:default/*'] },
    { id: 'payments_key', value: 'payments-secret-value', entities: ['component:default/payments'] },
  ],
  ssh: [
    { id: 'default', keyFile, entities: ['*'] },
    { id: 'github', agentSocket: '/run/agent.sock', entities: ['component:default/payments'] },
    // One agent per builder for the same id.
    { id: 'deploy', agentSocket: '/run/one.sock', entities: ['*'], builders: ['one'] },
    { id: 'deploy', agentSocket: '/run/two.sock', entities: ['*'], builders: ['two'] },
  ],
  registries: [
    { host: 'localhost:5000', username: 'ci', password: 'registry-password', insecure: true, entities: ['*'] },
    { host: 'public.example.com', insecure: false, entities: ['*'] },
  ],
});

const config = (over: Partial<BuildConfig>): BuildConfig => ({ ...defaultBuildConfig, ...over });

describe('BuildAccess', () => {
  it('matches entity refs against patterns, case-insensitively, with * for any part', () => {
    expect(grantedTo(['component:default/*'], 'Component:default/Payments')).toBe(true);
    expect(grantedTo(['component:default/pay*'], 'component:default/shipping')).toBe(false);
    expect(grantedTo(['*'], 'api:team/anything')).toBe(true);
    // A dot in a pattern is a dot, not any character.
    expect(grantedTo(['component:default/a.b'], 'component:default/axb')).toBe(false);
  });

  it('serves a build only what its configuration grants, with values read at build time', async () => {
    process.env.STAGECRAFT_TEST_NPM_TOKEN = 'npm-token-value';
    const grants = await access.session(config({ secrets: ['npm_token'], ssh: ['default'] }), 'component:default/shop', 'one');
    expect([...grants.secrets!.entries()].map(([id, v]) => [id, v.toString()])).toEqual([['npm_token', 'npm-token-value']]);
    expect(grants.ssh!.get('default')).toEqual({ kind: 'key', key: 'KEY FILE TEXT', passphrase: undefined });
    expect(grants.ssh!.has('github')).toBe(false);
    // Logins only for registries that have credentials.
    expect([...grants.registries!.keys()]).toEqual(['localhost:5000']);

    delete process.env.STAGECRAFT_TEST_NPM_TOKEN;
    await expect(access.session(config({ secrets: ['npm_token'] }), 'component:default/shop', 'one')).rejects.toThrow(
      'secret npm_token: the environment variable STAGECRAFT_TEST_NPM_TOKEN is not set on this backend replica',
    );
    // A grant withdrawn since the configuration was saved.
    await expect(access.session(config({ ssh: ['github'] }), 'component:default/shop', 'one')).rejects.toThrow('SSH agent github is no longer granted to component:default/shop');
  });

  it('serves an SSH id from the entry for the builder the build runs on', async () => {
    const on = async (builder: string) => (await access.session(config({ ssh: ['deploy'] }), 'component:default/shop', builder)).ssh!.get('deploy');
    expect(await on('one')).toEqual({ kind: 'socket', path: '/run/one.sock' });
    expect(await on('two')).toEqual({ kind: 'socket', path: '/run/two.sock' });
    await expect(on('three')).rejects.toThrow('SSH agent deploy has no entry for builder three (multistageBuild.ssh[].builders: one, two)');
    expect(() => access.checkConfig(config({ ssh: ['deploy'] }), 'component:default/shop', 'config')).not.toThrow();
    // Placement: only builders with an agent for every granted id; any builder when an entry serves all.
    expect(access.buildersFor(config({ ssh: ['deploy'] }), 'component:default/shop')).toEqual(['one', 'two']);
    expect(access.buildersFor(config({ ssh: ['default'] }), 'component:default/shop')).toBeNull();
    expect(access.buildersFor(config({}), 'component:default/shop')).toBeNull();
  });

  it('refuses a Dockerfile mount the configuration does not grant, naming the line, required=false or not', () => {
    const described = {
      target: 1,
      edges: [{ from: 0, to: 1 }],
      stages: [
        { index: 0, sessionMounts: [{ line: 3, type: 'secret', id: 'npm_token', optional: false }] },
        { index: 1, sessionMounts: [{ line: 9, type: 'ssh', id: 'default', optional: true }] },
        { index: 2, sessionMounts: [{ line: 14, type: 'secret', id: 'unused_stage', optional: false }] },
      ],
    } as unknown as DockerfileAnalysisResponse;
    expect(() => access.checkMounts(described, config({}), 'Dockerfile')).toThrow(
      'Dockerfile line 3: RUN mounts secret "npm_token", which the build configuration does not grant (config.secrets)',
    );
    // An optional mount needs the grant too: its step's cache key leaves the secret out.
    expect(() => access.checkMounts(described, config({ secrets: ['npm_token'] }), 'Dockerfile')).toThrow('Dockerfile line 9: RUN mounts SSH agent "default"');
    // Stage 2 is not needed for the target.
    expect(() => access.checkMounts(described, config({ secrets: ['npm_token'], ssh: ['default'] }), 'Dockerfile')).not.toThrow();
  });

  it('refuses a custom frontend for a build granted secrets or SSH, and allows it otherwise', () => {
    const text = '# syntax=docker/dockerfile:1.7\n# escape=\\\nFROM busybox\n';
    expect(() => access.refuseCustomFrontend(text, {}, config({ secrets: ['npm_token'] }), 'Dockerfile')).toThrow(
      'Dockerfile: the build is granted secrets or SSH agents, and names the frontend docker/dockerfile:1.7',
    );
    expect(() => access.refuseCustomFrontend('FROM busybox\n', { BUILDKIT_SYNTAX: 'evil/frontend' }, config({ ssh: ['default'] }), 'Dockerfile')).toThrow('names the frontend evil/frontend');
    // A comment after the first instruction is no directive; a build without grants may use any frontend.
    expect(() => access.refuseCustomFrontend('FROM busybox\n# syntax=x\n', {}, config({ secrets: ['npm_token'] }), 'Dockerfile')).not.toThrow();
    expect(() => access.refuseCustomFrontend(text, {}, config({}), 'Dockerfile')).not.toThrow();
  });

  it('pushes with the login of the repository\'s registry, and lists every configured secret value for masking', () => {
    expect(access.pushAuth('localhost:5000/team/app', 'component:default/shop')).toEqual({ username: 'ci', password: 'registry-password', serveraddress: 'localhost:5000' });
    expect(access.pushAuth('public.example.com/team/app', 'component:default/shop')).toBeUndefined();
    // Never to a registry that is not configured, pushing anonymously.
    expect(() => access.pushAuth('elsewhere.example.com/team/app', 'component:default/shop')).toThrow('the registry elsewhere.example.com is not (or no longer) granted');
    expect(access.secretValues()).toEqual(expect.arrayContaining(['payments-secret-value', 'registry-password']));
  });
});
