/*
 * What a RUN with `--mount=type=ssh` talks to: the engine opens one
 * ForwardAgent stream per connection to the socket it mounts, and the bytes are
 * the SSH agent protocol. An agent socket is piped through as it is; a key
 * file is served by a small agent here that lists the key and signs with it
 * (ssh2's agent protocol), so the key never leaves this process.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { AgentProtocol, type ParsedKey, utils } from 'ssh2';

/** Where an SSH id's agent comes from, resolved from configuration. */
export type SshAgentSource =
  | { kind: 'socket'; path: string }
  | { kind: 'key'; /** The private key (OpenSSH or PEM), already read. */ key: string; passphrase?: string };

/** Parses a private key for the agent; throws with what is wrong (never the key). */
export function parsePrivateKey(text: string, passphrase: string | undefined, where: string): ParsedKey {
  const parsed: ParsedKey | ParsedKey[] | Error = utils.parseKey(text, passphrase);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) {
    throw new Error(`${where}: not a private key that can be read (${key instanceof Error ? key.message : 'empty'})`);
  }
  if (!key.isPrivateKey()) throw new Error(`${where}: the file holds a public key, not a private one`);
  return key;
}

/** The SSH fingerprint OpenSSH prints for a key (`SHA256:…`). */
export function fingerprintOf(text: string, passphrase?: string): string {
  const key = parsePrivateKey(text, passphrase, 'key');
  const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/**
 * A duplex carrying one agent connection: what is written to it is what the
 * RUN step sent, what it emits is the agent's answer.
 */
export function openAgent(source: SshAgentSource): Duplex {
  if (source.kind === 'socket') return connect(source.path);
  const key = parsePrivateKey(source.key, source.passphrase, 'ssh key');
  const protocol = new AgentProtocol(false);
  protocol.on('identities', request => protocol.getIdentitiesReply(request, [key]));
  protocol.on('sign', (request, publicKey, data, options) => {
    // Only the configured key signs, and only requests that name it.
    if (!publicKey.getPublicSSH().equals(key.getPublicSSH())) return protocol.failureReply(request);
    const signature: Buffer | Error = key.sign(data, options?.hash);
    if (signature instanceof Error) return protocol.failureReply(request);
    return protocol.signReply(request, signature);
  });
  return protocol;
}
