/*
 * Which secrets, SSH agents and registries a build of an entity may use, and
 * what its BuildKit session is given. A configuration is checked when it is
 * saved and again when a build starts (grants may have changed since), so a
 * build never starts with something it may not have, and never silently
 * without something it names.
 */
import { InputError } from '@backstage/errors';
import type { BuildConfig, DockerfileAnalysisResponse } from '@stagecraft/plugin-multistage-build-common';
import { readFile } from 'node:fs/promises';
import type { BuildAccessSettings, RegistrySetting } from '../buildAccessConfig';
import type { RegistryAuth } from '../engine/Engine';
import type { SessionGrants } from '../engine/session/BuildkitSession';
import type { SshAgentSource } from '../engine/session/sshAgent';
import { checkTagTemplate } from './tagTemplate';
import { registryHostOf } from './imageRepository';

/** Whether `entityRef` matches one of the patterns (`*` stands for any run of characters). */
export function grantedTo(patterns: string[], entityRef: string): boolean {
  const ref = entityRef.toLowerCase();
  return patterns.some(pattern => {
    const regex = new RegExp(`^${pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
    return regex.test(ref);
  });
}

const repositoryPath = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export class BuildAccess {
  constructor(private readonly settings: BuildAccessSettings) {}

  /** The registry configured for `host`, when there is one. */
  registry(host: string): RegistrySetting | undefined {
    return this.settings.registries.find(r => r.host === host.toLowerCase());
  }

  /** Credentials for pushing to `repository`'s registry; undefined when it needs none. */
  pushAuth(repository: string): RegistryAuth | undefined {
    const registry = this.registry(registryHostOf(repository));
    if (!registry?.username || registry.password === undefined) return undefined;
    return { username: registry.username, password: registry.password, serveraddress: registry.host };
  }

  /** Refuses ids and registries the entity may not use, naming the field (`where` is e.g. `body.config`). */
  checkConfig(config: BuildConfig, entityRef: string, where: string): void {
    const check = (kind: 'secrets' | 'ssh', ids: string[]) => {
      ids.forEach((id, i) => {
        const settings: { id: string; entities: string[] }[] = this.settings[kind].filter(s => s.id === id);
        if (settings.length === 0) {
          const known = [...new Set(this.settings[kind].map(s => s.id))];
          const configured = known.length > 0 ? `configured: ${known.join(', ')}` : 'none are configured';
          throw new InputError(`${where}.${kind}[${i}]: "${id}" is not configured in multistageBuild.${kind} (${configured})`);
        }
        if (!settings.some(s => grantedTo(s.entities, entityRef))) {
          throw new InputError(`${where}.${kind}[${i}]: "${id}" is not granted to ${entityRef} (multistageBuild.${kind}, entry ${id}: entities)`);
        }
      });
    };
    check('secrets', config.secrets);
    check('ssh', config.ssh);
    if (config.push) this.checkPush(config.push, entityRef, `${where}.push`);
    config.cache.from.forEach((entry, i) => {
      const ref = /^type=registry,/.test(entry) ? /(?:^|,)ref=([^,]+)/.exec(entry)?.[1] : entry;
      const registry = ref ? this.registry(registryHostOf(ref)) : undefined;
      if (registry && !grantedTo(registry.entities, entityRef)) {
        throw new InputError(`${where}.cache.from[${i}]: the registry ${registry.host} is not granted to ${entityRef} (multistageBuild.registries)`);
      }
    });
  }

  private checkPush(push: { repository: string; tags: string[] }, entityRef: string, where: string): void {
    const host = registryHostOf(push.repository);
    const path = push.repository.slice(host.length + 1);
    if (!push.repository.includes('/') || host === 'docker.io' || !repositoryPath.test(path)) {
      throw new InputError(
        `${where}.repository: "${push.repository}" must be registry-host/path in lower case, e.g. registry.example.com/team/app`,
      );
    }
    const registry = this.registry(host);
    if (!registry) {
      throw new InputError(`${where}.repository: ${host} is not a registry in multistageBuild.registries; an operator must add it before builds push there`);
    }
    if (!grantedTo(registry.entities, entityRef)) {
      throw new InputError(`${where}.repository: the registry ${host} is not granted to ${entityRef} (multistageBuild.registries, entry ${host}: entities)`);
    }
    if (push.tags.length === 0) throw new InputError(`${where}.tags: give at least one tag template, e.g. {shortRunId} or latest`);
    push.tags.forEach((tag, i) => checkTagTemplate(tag, `${where}.tags[${i}]`));
  }

  /**
   * Refuses a build whose Dockerfile mounts a secret or SSH agent the
   * configuration does not grant, naming the line: BuildKit would run the
   * step without it. A mount written `required=false` may go without.
   */
  checkMounts(described: DockerfileAnalysisResponse, config: BuildConfig, path: string): void {
    const needed = stagesNeeded(described);
    for (const stage of described.stages) {
      if (!needed.has(stage.index)) continue;
      for (const mount of stage.sessionMounts) {
        if (mount.optional) continue;
        const granted = mount.type === 'secret' ? config.secrets : config.ssh;
        if (granted.includes(mount.id)) continue;
        const field = mount.type === 'secret' ? 'secrets' : 'ssh';
        throw new InputError(
          `${path} line ${mount.line}: RUN mounts ${mount.type === 'secret' ? 'secret' : 'SSH agent'} "${mount.id}", which the build configuration does not grant ` +
            `(config.${field}); add it there, or write required=false on the mount if the step can do without`,
        );
      }
    }
  }

  /** What the build's session serves on `builder`: values read now, for this build only. */
  async session(config: BuildConfig, entityRef: string, builder: string): Promise<SessionGrants> {
    const secrets = new Map<string, Buffer>();
    for (const id of config.secrets) {
      const setting = this.settings.secrets.find(s => s.id === id && grantedTo(s.entities, entityRef));
      if (!setting) throw new Error(`secret ${id} is no longer granted to ${entityRef} (multistageBuild.secrets)`);
      const value = setting.value ?? process.env[setting.env!];
      if (value === undefined) throw new Error(`secret ${id}: the environment variable ${setting.env} is not set on this backend replica`);
      secrets.set(id, Buffer.from(value, 'utf8'));
    }
    const ssh = new Map<string, SshAgentSource>();
    for (const id of config.ssh) {
      const granted = this.settings.ssh.filter(s => s.id === id && grantedTo(s.entities, entityRef));
      if (granted.length === 0) throw new Error(`SSH agent ${id} is no longer granted to ${entityRef} (multistageBuild.ssh)`);
      // Per builder: the entry that names this builder, else one for every builder.
      const setting = granted.find(s => s.builders?.includes(builder)) ?? granted.find(s => !s.builders);
      if (!setting) throw new Error(`SSH agent ${id} has no entry for builder ${builder} (multistageBuild.ssh[].builders: ${granted.flatMap(s => s.builders ?? []).join(', ')})`);
      if (setting.agentSocket) {
        ssh.set(id, { kind: 'socket', path: setting.agentSocket });
        continue;
      }
      const key = await readFile(setting.keyFile!, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new Error(`SSH agent ${id}: cannot read multistageBuild.ssh keyFile (${e.code ?? e.message})`);
      });
      ssh.set(id, { kind: 'key', key, passphrase: setting.passphraseEnv ? process.env[setting.passphraseEnv] : undefined });
    }
    const registries = new Map<string, RegistryAuth>();
    for (const registry of this.settings.registries) {
      if (!registry.username || registry.password === undefined || !grantedTo(registry.entities, entityRef)) continue;
      registries.set(registry.host, { username: registry.username, password: registry.password, serveraddress: registry.host });
    }
    return { secrets, ssh, registries };
  }

  /** Every configured value of a secret or registry password: what logs and errors must never show. */
  secretValues(): string[] {
    return [
      ...this.settings.secrets.map(s => s.value ?? (s.env ? process.env[s.env] : undefined)),
      ...this.settings.registries.map(r => r.password),
    ].filter((v): v is string => typeof v === 'string' && v.length >= 4);
  }
}

/** The stages a build of the described target needs: the target and every stage it depends on. */
function stagesNeeded(described: DockerfileAnalysisResponse): Set<number> {
  const target = described.target ?? described.stages.length - 1;
  const needed = new Set<number>([target]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const edge of described.edges) {
      if (needed.has(edge.to) && !needed.has(edge.from)) {
        needed.add(edge.from);
        grew = true;
      }
    }
  }
  return needed;
}
