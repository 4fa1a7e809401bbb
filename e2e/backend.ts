/*
 * Starts the portal's backend alone (`yarn workspace backend start`) on a port
 * of its own, with app-config.yaml and an overlay, in a process group of its
 * own; for tests that run several backends at once (replicas).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './portal.ts';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export interface Backend {
  url: string;
  /** The process group: the CLI and the backend it runs. */
  pgid: number;
  /** The pids in its process group now. */
  pids(): number[];
  /** SIGTERM, then SIGKILL after 30 s. */
  stop(): Promise<void>;
  /** SIGKILL to the whole group at once: a replica that dies without a word. */
  kill(): void;
}

export async function startBackend(options: { name: string; port: number; overlay: object }): Promise<Backend> {
  const url = `http://localhost:${options.port}`;
  const results = join(root, '.cache', 'test-results');
  const overlay = join(results, `${options.name}.config.json`);
  writeFileSync(overlay, JSON.stringify(options.overlay, null, 2));
  const log = createWriteStream(join(results, `${options.name}.log`));
  const child = spawn('yarn', ['workspace', 'backend', 'start', '--config', '../../app-config.yaml', '--config', overlay], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const pgid = child.pid!;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const backend: Backend = {
    url,
    pgid,
    pids: () =>
      execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' })
        .split('\n')
        .map(line => line.trim().split(/\s+/).map(Number))
        .filter(([, group]) => group === pgid)
        .map(([pid]) => pid),
    kill: () => {
      if (alive()) process.kill(-pgid, 'SIGKILL');
    },
    stop: async () => {
      if (!alive()) return;
      process.kill(-pgid, 'SIGTERM');
      for (let waited = 0; alive() && waited < 30_000; waited += 200) await sleep(200);
      if (alive()) process.kill(-pgid, 'SIGKILL');
    },
  };
  const deadline = Date.now() + 4 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backend ${options.name} exited with ${child.exitCode}; see .cache/test-results/${options.name}.log`);
    if (Date.now() > deadline) {
      await backend.stop();
      throw new Error(`backend ${options.name} did not answer on ${url} in time; see .cache/test-results/${options.name}.log`);
    }
    try {
      if ((await fetch(`${url}/api/multistage-build/health`)).ok) return backend;
    } catch {
      // not up yet
    }
    await sleep(1000);
  }
}

/** A guest's token from a backend (guest sign-in, as the portal offers it). */
export async function guestToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/guest/refresh`);
  if (!response.ok) throw new Error(`guest sign-in: ${response.status} ${(await response.text()).slice(0, 300)}`);
  const body = (await response.json()) as { backstageIdentity?: { token?: string } };
  if (!body.backstageIdentity?.token) throw new Error('guest sign-in answered no token');
  return body.backstageIdentity.token;
}
