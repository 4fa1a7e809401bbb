/*
 * Starts the real portal (`yarn start`: frontend dev server and backend with
 * SQLite) for the end-to-end tests, and stops it again. The start-script test
 * starts it through the README's `./scripts/start.sh` instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const appUrl = 'http://localhost:3000';
export const backendUrl = 'http://localhost:7007';

async function waitFor(url: string, deadline: number, portal: ChildProcess, logName: string): Promise<void> {
  while (Date.now() < deadline) {
    if (portal.exitCode !== null) throw new Error(`the portal exited with ${portal.exitCode}; see .cache/test-results/${logName}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer in time; see .cache/test-results/${logName}`);
}

export interface StartPortalOptions {
  /** The command that starts it; `yarn start` unless given. */
  command?: [string, ...string[]];
  /** Its output goes to .cache/test-results/<logName>. */
  logName?: string;
}

/**
 * The local registry (scripts/services/registry.sh) as a registry builds may
 * push to, through Backstage's APP_CONFIG_ variables (values parsed as JSON),
 * when the test command started it.
 */
function registryConfig(): Record<string, string> {
  const { STAGECRAFT_REGISTRY: host, STAGECRAFT_REGISTRY_USER: username, STAGECRAFT_REGISTRY_PASSWORD: password } = process.env;
  if (!host || !username || !password) return {};
  return { APP_CONFIG_multistageBuild_registries: JSON.stringify([{ host, username, password, insecure: true, entities: ['*'] }]) };
}

/**
 * Starts the portal in a process group of its own and waits until the backend
 * and the frontend answer; the returned function stops that whole group, and
 * nothing else (the engine and PostgreSQL were started before, elsewhere).
 */
export async function startPortal(options: StartPortalOptions = {}): Promise<() => Promise<void>> {
  const [command, ...args] = options.command ?? ['yarn', 'start'];
  const logName = options.logName ?? 'portal.log';
  const log = createWriteStream(join(root, '.cache', 'test-results', logName));
  const portal = spawn(command, args, {
    cwd: root,
    detached: true, // its own process group, so stopping it stops the dev servers too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none', ...registryConfig() },
  });
  portal.stdout!.pipe(log);
  portal.stderr!.pipe(log);
  const exited = new Promise(r => portal.once('exit', r));
  const groupAlive = () => {
    try {
      process.kill(-portal.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  /** Stops the whole group and waits until none of it is left (the backend shuts down gracefully). */
  const stop = async () => {
    if (groupAlive()) {
      try {
        process.kill(-portal.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await exited;
    const deadline = Date.now() + 30_000;
    while (groupAlive() && Date.now() < deadline) await new Promise(r => setTimeout(r, 200));
    if (groupAlive()) process.kill(-portal.pid!, 'SIGKILL');
  };
  const deadline = Date.now() + 300_000;
  try {
    await waitFor(`${backendUrl}/api/multistage-build/health`, deadline, portal, logName);
    await waitFor(appUrl, deadline, portal, logName);
  } catch (e) {
    await stop(); // a portal that never came up must not outlive the test
    throw e;
  }
  return stop;
}
