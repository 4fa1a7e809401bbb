/*
 * A BuildKit session for one build: the engine calls back into it for what
 * only the caller has. `POST /session` is upgraded to h2c and the connection
 * handed to a gRPC server here (the engine is the gRPC client), offering:
 *
 *   moby.buildkit.secrets.v1.Secrets   RUN --mount=type=secret
 *   moby.sshforward.v1.SSH             RUN --mount=type=ssh
 *   moby.filesync.v1.Auth/Credentials  registry logins for FROM, cache_from
 *   grpc.health.v1.Health/Check        BuildKit's liveness check of the session
 *
 * `/build?session=<id>` then ties the build to it. dockerode opens a session of
 * its own that only answers Auth, and overwrites `session` when `version=2` is
 * set, so DockerEngine dials `/build` itself with this one.
 *
 * Only what this build was granted is served: a secret or SSH id it was not
 * given answers NOT_FOUND, exactly as if it did not exist.
 */
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import type { RegistryAuth } from '../Engine';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import protobuf from 'protobufjs';
import { openAgent, type SshAgentSource } from './sshAgent';

export interface SessionGrants {
  /** Secret values by id: what `--mount=type=secret,id=…` may read in this build. */
  secrets?: Map<string, Buffer>;
  /** SSH agents by id: what `--mount=type=ssh,id=…` reaches (`default` when no id). */
  ssh?: Map<string, SshAgentSource>;
  /** Registry credentials by host (`localhost:5000`, `registry-1.docker.io`), for pulls of bases and cache. */
  registries?: Map<string, RegistryAuth>;
}

export interface OpenSession {
  id: string;
  close(): void;
}

const identity = (b: Buffer) => b;

let root: protobuf.Root | undefined;

/** Decodes or encodes one of the session's messages (proto/buildkit-session.proto). */
function message(name: string): protobuf.Type {
  root ??= protobuf.loadSync(resolvePackagePath('@stagecraft/plugin-multistage-build-backend', 'proto/buildkit-session.proto'));
  return root.lookupType(`stagecraft.session.${name}`);
}

function read<T>(name: string, bytes: Buffer): T {
  return message(name).toObject(message(name).decode(bytes), { defaults: true }) as T;
}

function write(name: string, value: object): Buffer {
  return Buffer.from(message(name).encode(message(name).fromObject(value)).finish());
}

function unary(path: string): grpc.MethodDefinition<Buffer, Buffer> {
  return { path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };
}

const secretsService = { GetSecret: unary('/moby.buildkit.secrets.v1.Secrets/GetSecret') };
const authService = { Credentials: unary('/moby.filesync.v1.Auth/Credentials') };
// BuildKit asks every second and closes a session whose check fails (an unimplemented one included).
const healthService = { Check: unary('/grpc.health.v1.Health/Check') };
const sshService = {
  CheckAgent: unary('/moby.sshforward.v1.SSH/CheckAgent'),
  ForwardAgent: { ...unary('/moby.sshforward.v1.SSH/ForwardAgent'), requestStream: true, responseStream: true },
};

const notFound = (what: string): Partial<grpc.StatusObject> => ({ code: grpc.status.NOT_FOUND, details: what });

function forwardAgent(call: grpc.ServerDuplexStream<Buffer, Buffer>, ssh: Map<string, SshAgentSource>): void {
  const id = String(call.metadata.get('buildkit.ssh.id')[0] ?? 'default');
  const source = ssh.get(id);
  if (!source) {
    call.emit('error', notFound(`no SSH agent ${id} was granted to this build`));
    return;
  }
  let agent: Duplex;
  try {
    agent = openAgent(source);
  } catch (e) {
    call.emit('error', { code: grpc.status.FAILED_PRECONDITION, details: `SSH agent ${id}: ${(e as Error).message}` });
    return;
  }
  // BytesMessage { bytes data = 1 } each way.
  call.on('data', (bytes: Buffer) => agent.write(read<{ data: Buffer }>('BytesMessage', bytes).data));
  call.on('end', () => agent.end());
  call.on('error', () => agent.destroy());
  call.on('cancelled', () => agent.destroy());
  agent.on('data', (chunk: Buffer) => call.write(write('BytesMessage', { data: chunk })));
  agent.on('end', () => call.end());
  agent.on('error', (e: Error) => call.emit('error', { code: grpc.status.UNAVAILABLE, details: `SSH agent ${id}: ${e.message}` }));
}

function server(grants: SessionGrants): { server: grpc.Server; methods: string[] } {
  const s = new grpc.Server();
  const secrets = grants.secrets ?? new Map();
  const ssh = grants.ssh ?? new Map();
  const registries = grants.registries ?? new Map();
  s.addService(secretsService, {
    GetSecret: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const { ID: id } = read<{ ID: string }>('GetSecretRequest', call.request);
      const value = secrets.get(id);
      if (value === undefined) callback(notFound(`secret ${id} was not granted to this build`), null);
      else callback(null, write('GetSecretResponse', { data: value }));
    },
  });
  s.addService(sshService, {
    CheckAgent: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const id = read<{ ID: string }>('CheckAgentRequest', call.request).ID || 'default';
      if (ssh.has(id)) callback(null, Buffer.alloc(0));
      else callback(notFound(`no SSH agent ${id} was granted to this build`), null);
    },
    ForwardAgent: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => forwardAgent(call, ssh),
  });
  s.addService(authService, {
    Credentials: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const auth = registries.get(read<{ Host: string }>('CredentialsRequest', call.request).Host);
      // No credentials: an empty answer, and the engine pulls anonymously.
      callback(null, write('CredentialsResponse', auth ? { Username: auth.username, Secret: auth.password } : {}));
    },
  });
  s.addService(healthService, {
    Check: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, write('HealthCheckResponse', { status: 1 })),
  });
  const methods = [secretsService, sshService, authService, healthService].flatMap(service => Object.values(service)).map(m => m.path);
  return { server: s, methods };
}

/** How long the engine may take to upgrade `/session`. */
const upgradeTimeoutMs = 30_000;

/** Opens a session on the engine serving `grants`; close it when the build ends. */
export function openSession(docker: Docker, grants: SessionGrants): Promise<OpenSession> {
  const id = randomUUID();
  const { server: grpcServer, methods } = server(grants);
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    // An engine that never answers must not hold the build (its cancel and time limit start after this).
    const timer = setTimeout(() => {
      settled = true;
      grpcServer.forceShutdown();
      reject(new Error(`the engine did not open a BuildKit session within ${upgradeTimeoutMs / 1000} s`));
    }, upgradeTimeoutMs);
    docker.modem.dial(
      {
        method: 'POST',
        path: '/session',
        hijack: true,
        headers: {
          Upgrade: 'h2c',
          'X-Docker-Expose-Session-Uuid': id,
          'X-Docker-Expose-Session-Name': 'stagecraft',
          // The engine calls only the methods a session says it offers.
          'X-Docker-Expose-Session-Grpc-Method': methods,
        },
        // Only an upgrade hands over a connection: any other answer is an error.
        statusCodes: { 101: true, 400: 'bad parameter', 500: 'server error' },
      } as never,
      (err, result) => {
        clearTimeout(timer);
        if (settled) {
          (result as Duplex | undefined)?.destroy?.();
          return;
        }
        settled = true;
        if (err) {
          grpcServer.forceShutdown();
          // The caller says what failed (the build); the reason is the engine's.
          reject(err);
          return;
        }
        const injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
        const socket = result as Duplex;
        injector.injectConnection(socket);
        resolvePromise({
          id,
          close: () => {
            grpcServer.forceShutdown();
            socket.destroy();
          },
        });
      },
    );
  });
}
