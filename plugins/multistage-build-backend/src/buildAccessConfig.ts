/*
 * What builds may be given besides their context, from app-config: secrets
 * for RUN --mount=type=secret, SSH agents for RUN --mount=type=ssh, and
 * registries to push to and pull cache or bases from, each with the entities
 * it is granted to. A saved build configuration names them by id (registries
 * by host) and never holds a value.
 */
import type { Config } from '@backstage/config';

export interface SecretSetting {
  id: string;
  /** The value, from config (usually `${ENV}` substitution); or read from `env` at build time. */
  value?: string;
  env?: string;
  /** Entity refs (`*` matches any part) whose builds may use it. */
  entities: string[];
}

export interface SshSetting {
  id: string;
  /** A running agent's socket, piped through. */
  agentSocket?: string;
  /** A private key (OpenSSH or PEM, RSA or Ed25519) served by an agent in the backend. */
  keyFile?: string;
  /** An environment variable holding the key file's passphrase. */
  passphraseEnv?: string;
  entities: string[];
  /** Builders (`multistageBuild.builders[].name`) it serves; all when unset. An id may have one entry per builder. */
  builders?: string[];
}

export interface RegistrySetting {
  /** `registry.example.com`, `localhost:5000`. */
  host: string;
  username?: string;
  password?: string;
  /** Plain HTTP for its API (a registry on localhost); HTTPS otherwise. */
  insecure: boolean;
  entities: string[];
}

export interface BuildAccessSettings {
  secrets: SecretSetting[];
  ssh: SshSetting[];
  registries: RegistrySetting[];
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const hostPattern = /^[a-z0-9.-]+(:\d{1,5})?$/;

function entitiesOf(entry: Config, where: string): string[] {
  const entities = entry.getStringArray('entities');
  if (entities.length === 0) throw new Error(`${where}.entities is empty: list the entity refs that may use it, or "*" for all`);
  return entities.map(e => e.toLowerCase());
}

function uniqueIds<T extends { id: string }>(items: T[], section: string): T[] {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!idPattern.test(item.id)) throw new Error(`multistageBuild.${section}[${i}].id: "${item.id}" must be letters, digits, _ . - (at most 64)`);
    if (seen.has(item.id)) throw new Error(`multistageBuild.${section}[${i}].id: "${item.id}" is used twice`);
    seen.add(item.id);
  });
  return items;
}

/** Reads `multistageBuild.secrets`, `.ssh` and `.registries`, refusing a bad entry by its config path. */
export function readBuildAccess(section: Config | undefined): BuildAccessSettings {
  const secrets = uniqueIds(
    (section?.getOptionalConfigArray('secrets') ?? []).map((entry, i) => {
      const where = `multistageBuild.secrets[${i}]`;
      const value = entry.getOptionalString('value');
      const env = entry.getOptionalString('env');
      if ((value === undefined) === (env === undefined)) throw new Error(`${where}: set exactly one of value and env`);
      return { id: entry.getString('id'), value, env, entities: entitiesOf(entry, where) };
    }),
    'secrets',
  );
  const ssh = (section?.getOptionalConfigArray('ssh') ?? []).map((entry, i) => {
    const where = `multistageBuild.ssh[${i}]`;
    const id = entry.getString('id');
    if (!idPattern.test(id)) throw new Error(`${where}.id: "${id}" must be letters, digits, _ . - (at most 64)`);
    const agentSocket = entry.getOptionalString('agentSocket');
    const keyFile = entry.getOptionalString('keyFile');
    if ((agentSocket === undefined) === (keyFile === undefined)) throw new Error(`${where}: set exactly one of agentSocket and keyFile`);
    const builders = entry.getOptionalStringArray('builders');
    if (builders?.length === 0) throw new Error(`${where}.builders is empty: leave it out to serve every builder`);
    return { id, agentSocket, keyFile, passphraseEnv: entry.getOptionalString('passphraseEnv'), entities: entitiesOf(entry, where), builders };
  });
  // One agent per id and builder: an id may repeat only for different builders.
  ssh.forEach((entry, i) => {
    const clash = ssh.slice(0, i).find(e => e.id === entry.id && (!e.builders || !entry.builders || e.builders.some(b => entry.builders!.includes(b))));
    if (clash) throw new Error(`multistageBuild.ssh[${i}]: "${entry.id}" is listed twice for the same builder; give each entry of an id different builders`);
  });
  const hosts = new Set<string>();
  const registries = (section?.getOptionalConfigArray('registries') ?? []).map((entry, i) => {
    const where = `multistageBuild.registries[${i}]`;
    const host = entry.getString('host').toLowerCase();
    if (!hostPattern.test(host)) throw new Error(`${where}.host: "${host}" must be a registry host, e.g. registry.example.com or localhost:5000`);
    if (hosts.has(host)) throw new Error(`${where}.host: "${host}" is listed twice`);
    hosts.add(host);
    const username = entry.getOptionalString('username');
    const password = entry.getOptionalString('password');
    if ((username === undefined) !== (password === undefined)) throw new Error(`${where}: set both username and password, or neither`);
    return { host, username, password, insecure: entry.getOptionalBoolean('insecure') ?? false, entities: entitiesOf(entry, where) };
  });
  return { secrets, ssh, registries };
}
