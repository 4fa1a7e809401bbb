/*
 * The BuildKit session against the real engine: a secret mount reads what was
 * granted and leaves nothing in the image; an id that was not granted fails the
 * build; an SSH mount reaches an agent (a key file served here, and an agent
 * socket piped through) that lists and signs with the key.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { engineForTests, localBaseImages } from '../../__testUtils__/engine';
import type { BuildkitStatus } from '../buildkitTrace';
import type { DockerEngine } from '../DockerEngine';
import { fingerprintOf, openAgent, parsePrivateKey } from './sshAgent';

jest.setTimeout(180_000);

function contextWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-session-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every log line the build's steps printed. */
function collectLogs(): { onStatus: (s: BuildkitStatus) => void; text: () => string } {
  const chunks: string[] = [];
  return { onStatus: s => s.logs.forEach(l => chunks.push(l.text)), text: () => chunks.join('') };
}

/** The whole image as `docker save` writes it: every layer, uncompressed, and the config. */
async function savedImage(engine: DockerEngine, imageId: string): Promise<Buffer> {
  const stream = await engine.docker.getImage(imageId).get();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Lists the agent's keys and has it sign a message: prints each key's SHA256
// fingerprint, and the signature (base64) made with the first.
const agentClient = `
import base64, hashlib, os, socket, struct
s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["SSH_AUTH_SOCK"])
def ask(body):
    s.sendall(struct.pack(">I", len(body)) + body)
    n = struct.unpack(">I", s.recv(4, socket.MSG_WAITALL))[0]
    return s.recv(n, socket.MSG_WAITALL)
def string(b, at):
    n = struct.unpack(">I", b[at:at + 4])[0]
    return b[at + 4:at + 4 + n], at + 4 + n
answer = ask(bytes([11]))
assert answer[0] == 12, answer[0]
keys, at = [], 5
for _ in range(struct.unpack(">I", answer[1:5])[0]):
    blob, at = string(answer, at)
    comment, at = string(answer, at)
    keys.append(blob)
    print("fingerprint SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("="))
data = b"signed inside the build"
sig = ask(bytes([13]) + struct.pack(">I", len(keys[0])) + keys[0] + struct.pack(">I", len(data)) + data + struct.pack(">I", 0))
assert sig[0] == 14, sig[0]
blob, _ = string(sig, 1)
fmt, at = string(blob, 0)
raw, _ = string(blob, at)
print("signature " + base64.b64encode(raw).decode())
`;

describe('BuildKit session', () => {
  it('serves a granted secret to RUN --mount=type=secret, and none of it reaches the image; an ungranted id fails the build', async () => {
    const engine = await engineForTests();
    if (!engine) return;
    const value = `s3cr3t-${Date.now()}-value`;
    const expectedSum = createHash('sha256').update(value).digest('hex');
    const dir = contextWith({
      Dockerfile: [
        `FROM ${localBaseImages.BUSYBOX_IMAGE}`,
        // The secret is asked for after BuildKit's session health checks began (every second): the session must pass them.
        'RUN sleep 3',
        // The step proves it read the value by its checksum, and copies it nowhere but a layer would show.
        'RUN --mount=type=secret,id=api_token sha256sum /run/secrets/api_token && wc -c < /run/secrets/api_token > /token-length',
        '',
      ].join('\n'),
    });
    const logs = collectLogs();
    const { imageId } = await engine.build({
      contextDir: dir,
      dockerfile: 'Dockerfile',
      noCache: true,
      session: { secrets: new Map([['api_token', Buffer.from(value)]]) },
      onStatus: logs.onStatus,
    });
    expect(logs.text()).toContain(expectedSum);
    expect(logs.text()).not.toContain(value);
    const image = await savedImage(engine, imageId);
    expect(image.length).toBeGreaterThan(100_000);
    // The length file is in a layer (the search looks where it should); the value is in none.
    expect(image.includes(Buffer.from(`${value.length}\n`))).toBe(true);
    expect(image.includes(Buffer.from(value))).toBe(false);
    await engine.docker.getImage(imageId).remove().catch(() => undefined);

    const refused = engine.build({
      contextDir: dir,
      dockerfile: 'Dockerfile',
      noCache: true,
      session: { secrets: new Map([['another_token', Buffer.from(value)]]) },
    });
    await expect(refused).rejects.toThrow(/api_token/);
  });

  describe('SSH agent forwarding', () => {
    const key = utils.generateKeyPairSync('ed25519').private;
    const fingerprint = fingerprintOf(key);
    const dir = contextWith({
      Dockerfile: [
        `FROM ${localBaseImages.PYTHON_RUNTIME_IMAGE}`,
        'COPY agent.py /agent.py',
        'RUN --mount=type=ssh python3 /agent.py',
        '',
      ].join('\n'),
      'agent.py': agentClient,
    });

    /** The RUN's output shows the key's fingerprint and a signature that verifies against it. */
    function expectAgentOutput(text: string): void {
      expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(text).toContain(`fingerprint ${fingerprint}`);
      const signature = /signature (\S+)/.exec(text)?.[1];
      expect(signature).toBeDefined();
      // Signed with the key: the signature verifies against its public half.
      const verified = parsePrivateKey(key, undefined, 'key').verify(Buffer.from('signed inside the build'), Buffer.from(signature!, 'base64'));
      expect(verified).toBe(true);
    }

    it('serves a key file as an agent: the RUN lists its fingerprint and gets a valid signature', async () => {
      const engine = await engineForTests();
      if (!engine) return;
      const logs = collectLogs();
      await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', noCache: true, session: { ssh: new Map([['default', { kind: 'key', key }]]) }, onStatus: logs.onStatus });
      expect(logs.text()).toContain(`fingerprint ${fingerprint}`);
      expectAgentOutput(logs.text());
    });

    it('pipes an agent socket through', async () => {
      const engine = await engineForTests();
      if (!engine) return;
      // An agent listening on a unix socket, as ssh-agent does.
      const socketPath = join(mkdtempSync(join(tmpdir(), 'stagecraft-agent-')), 'agent.sock');
      const agent: Server = createServer(connection => connection.pipe(openAgent({ kind: 'key', key })).pipe(connection));
      await new Promise<void>(r => agent.listen(socketPath, r));
      try {
        const logs = collectLogs();
        await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', noCache: true, session: { ssh: new Map([['default', { kind: 'socket', path: socketPath }]]) }, onStatus: logs.onStatus });
        expect(logs.text()).toContain(`fingerprint ${fingerprint}`);
      expectAgentOutput(logs.text());
      } finally {
        agent.close();
      }
    });

    it('gives a build whose SSH id was not granted no agent: the RUN cannot list a key', async () => {
      const engine = await engineForTests();
      if (!engine) return;
      // (The backend refuses such a build before it starts; this is the engine-side guarantee.)
      const logs = collectLogs();
      const build = engine.build({ contextDir: dir, dockerfile: 'Dockerfile', noCache: true, session: {}, onStatus: logs.onStatus });
      await expect(build).rejects.toThrow(/python3 \/agent.py/);
      expect(logs.text()).not.toContain('fingerprint');
    });
  });
});
