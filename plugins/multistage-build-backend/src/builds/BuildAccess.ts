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
import { cacheFromRefs, refuseUnappliedSettings } from './buildRequest';
import { checkTagTemplate } from './tagTemplate';
import { registryHostOf, splitRepository } from './imageRepository';

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

  /** Credentials for pushing to `repository`'s registry; undefined when it needs none. Throws when it is not granted to the entity. */
  pushAuth(repository: string, entityRef: string): RegistryAuth | undefined {
    const registry = this.registry(registryHostOf(repository));
    if (!registry || !grantedTo(registry.entities, entityRef)) {
      throw new Error(`the registry ${registryHostOf(repository)} is not (or no longer) granted to ${entityRef} (multistageBuild.registries)`);
    }
    if (!registry.username || registry.password === undefined) return undefined;
    return { username: registry.username, password: registry.password, serveraddress: registry.host };
  }

  /** No secrets, SSH agents or registries: what builds get without configuration. */
  static none(): BuildAccess {
    return new BuildAccess({ secrets: [], ssh: [], registries: [] });
  }

  /**
   * Refuses a configuration the engine cannot apply (refuseUnappliedSettings),
   * and ids and registries the entity may not use, naming the field (`where`
   * is e.g. `body.config`).
   */
  checkConfig(config: BuildConfig, entityRef: string, where: string): void {
    refuseUnappliedSettings(config, where);
    const check = (kind: 'secrets' | 'ssh', ids: string[]) => {
      ids.forEach((id, i) => {
        const settings: { id: string; entities: string[] }[] = this.settings[kind].filter(s => s.id === id);
        if (settings.length === 0) {
          // Only ids this entity may use: others' ids are not its business.
          const known = [...new Set(this.settings[kind].filter(s => grantedTo(s.entities, entityRef)).map(s => s.id))];
          const configured = known.length > 0 ? `granted to it: ${known.join(', ')}` : `none is granted to ${entityRef}`;
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
      // Read as the build reads it.
      const [ref] = cacheFromRefs([entry]);
      const registry = ref ? this.registry(registryHostOf(ref)) : undefined;
      if (registry && !grantedTo(registry.entities, entityRef)) {
        throw new InputError(`${where}.cache.from[${i}]: the registry ${registry.host} is not granted to ${entityRef} (multistageBuild.registries)`);
      }
    });
  }

  private checkPush(push: { repository: string; tags: string[] }, entityRef: string, where: string): void {
    const { host, path } = splitRepository(push.repository);
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
   * step without it. `required=false` does not help: BuildKit's cache key of
   * a step leaves out the secret, so an ungranted mount could reuse the layers
   * another entity built with it on a shared builder.
   */
  checkMounts(described: DockerfileAnalysisResponse, config: BuildConfig, path: string): void {
    const needed = stagesNeeded(described);
    for (const stage of described.stages) {
      if (!needed.has(stage.index)) continue;
      for (const mount of stage.sessionMounts) {
        const granted = mount.type === 'secret' ? config.secrets : config.ssh;
        if (granted.includes(mount.id)) continue;
        const field = mount.type === 'secret' ? 'secrets' : 'ssh';
        throw new InputError(
          `${path} line ${mount.line}: RUN mounts ${mount.type === 'secret' ? 'secret' : 'SSH agent'} "${mount.id}", which the build configuration does not grant ` +
            `(config.${field}); add it there (an operator grants it in multistageBuild.${field}), or remove the mount`,
        );
      }
    }
  }

  /**
   * The builders a build of the entity may run on: those every SSH id it is
   * granted has an agent for (`multistageBuild.ssh[].builders`); null when an
   * entry without builders serves each id, so any builder will do.
   */
  buildersFor(config: BuildConfig, entityRef: string): string[] | null {
    let allowed: string[] | null = null;
    for (const id of config.ssh) {
      const entries = this.settings.ssh.filter(s => s.id === id && grantedTo(s.entities, entityRef));
      if (entries.length === 0 || entries.some(e => !e.builders)) continue;
      const these = entries.flatMap(e => e.builders!);
      allowed = allowed === null ? these : allowed.filter(b => these.includes(b));
    }
    return allowed;
  }

  /**
   * Refuses a custom frontend (`# syntax=`, or the BUILDKIT_SYNTAX build arg)
   * for a build granted secrets or SSH agents: its mounts are not the ones the
   * Dockerfile shows, so they could not be checked against the grants.
   */
  refuseCustomFrontend(dockerfileText: string, buildArgs: Record<string, string>, config: BuildConfig, path: string): void {
    if (config.secrets.length === 0 && config.ssh.length === 0) return;
    const syntax = parserDirective(dockerfileText, 'syntax') ?? buildArgs.BUILDKIT_SYNTAX;
    if (syntax === undefined) return;
    throw new InputError(
      `${path}: the build is granted secrets or SSH agents, and names the frontend ${syntax} (# syntax= or BUILDKIT_SYNTAX): ` +
        'only the engine\'s built-in Dockerfile frontend is checked for the mounts it makes; remove the directive',
    );
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

/** A parser directive (`# name=value` lines at the top of a Dockerfile), by name. */
function parserDirective(text: string, name: string): string | undefined {
  for (const line of text.split('\n')) {
    const match = /^#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) return undefined;
    if (match[1].toLowerCase() === name) return match[2];
  }
  return undefined;
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
