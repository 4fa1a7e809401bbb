/*
 * The runtime stage every recipe ends with: a slim image, the artifacts, the
 * user's runtime settings, a non-root USER, a HEALTHCHECK when a port is
 * exposed, and CMD/ENTRYPOINT in exec form. It depends on the test stage
 * through the marker file, so a failing test stops the image from building.
 */
import { carrySettings, envLines, exposedPorts, labelLines } from './carriedSettings';
import { copyTestMarker, healthTiming, jsonArray } from './dockerfileText';
import { execFormOf } from './execForm';
import type { SourceFacts, StagePlan } from './types';

/** How the HEALTHCHECK probes the port, by what the runtime image has. */
export type HealthProbe = 'node' | 'python' | 'bash' | 'busybox';

export interface RuntimeStageOptions {
  facts: SourceFacts;
  /** The runtime base image, e.g. `node:${NODE_VERSION}-slim`. */
  image: string;
  /** COPY instructions for the artifacts. */
  copies: string[];
  /** Settings the recipe needs at run time, before the user's ENV. */
  env?: { name: string; value: string }[];
  /** User's ENV names that belong to the build stages and stay out of the runtime. */
  isBuildSetting?: (name: string) => boolean;
  /** The USER value: a name the image has or numeric `uid:gid`. */
  user: string;
  /** Null when the image has nothing to probe with (distroless). */
  probe: HealthProbe | null;
  /** The test stage to gate on, or null without one. */
  testStage: string | null;
  /** Rewrites CMD/ENTRYPOINT words for where the artifact now lives. */
  rewriteCommand?: (words: string[]) => string[];
  /** The CMD to use when the input has neither CMD nor ENTRYPOINT. */
  defaultCommand?: string[];
  notes: string[];
}


function probeWords(probe: HealthProbe, port: number): string[] {
  switch (probe) {
    case 'node':
      return [
        'node',
        '-e',
        `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`,
      ];
    case 'python':
      return ['python', '-c', `import socket; socket.create_connection(('127.0.0.1', ${port}), timeout=3).close()`];
    case 'bash':
      return ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`];
    default:
      return ['sh', '-c', `nc -z 127.0.0.1 ${port}`];
  }
}

/** A TCP HEALTHCHECK on the first exposed TCP port, or nothing. */
function healthcheckLines(options: RuntimeStageOptions, ports: string[]): string[] {
  const { facts, notes } = options;
  const tcp = ports.find(p => !p.includes('/') || p.endsWith('/tcp'));
  if (!tcp && facts.healthcheck) {
    notes.push(`${facts.path}:${facts.healthcheck.line}: the input's HEALTHCHECK was kept; check that the runtime image has the tools it runs.`);
    return [facts.healthcheck.original];
  }
  if (!tcp) return [];
  if (facts.healthcheck) {
    notes.push(`${facts.path}:${facts.healthcheck.line}: the input's HEALTHCHECK was replaced by a TCP check on port ${tcp}; the slim runtime image may lack the tools it ran (curl, wget).`);
  }
  const port = Number(tcp.split('/')[0]);
  if (!options.probe) {
    notes.push(`The runtime image has no shell or interpreter to probe port ${port} with; no HEALTHCHECK was added.`);
    return [];
  }
  return [`HEALTHCHECK ${healthTiming} \\\n    CMD ${jsonArray(probeWords(options.probe, port))}`];
}

function commandLines(options: RuntimeStageOptions): string[] {
  const { facts, notes } = options;
  const rewrite = options.rewriteCommand ?? (words => words);
  const lines: string[] = [];
  const entrypoint = facts.entrypoint ? execFormOf(facts.entrypoint) : null;
  if (entrypoint) lines.push(`ENTRYPOINT ${jsonArray(rewrite(entrypoint.words))}`);
  if (facts.cmd && entrypoint?.viaShell) {
    notes.push(`${facts.path}:${facts.cmd.line}: CMD was dropped: with a shell-form ENTRYPOINT it was never used.`);
  } else if (facts.cmd) {
    lines.push(`CMD ${jsonArray(rewrite(execFormOf(facts.cmd).words))}`);
  }
  if (lines.length === 0 && options.defaultCommand) {
    lines.push(`CMD ${jsonArray(options.defaultCommand)}`);
    notes.push(`The input has no CMD or ENTRYPOINT; the runtime stage runs ${jsonArray(options.defaultCommand)}.`);
  } else if (lines.length === 0) {
    notes.push('The input has no CMD or ENTRYPOINT; the runtime image keeps its base image default.');
  }
  return lines;
}

/** The runtime stage, named `runtime`. */
export function runtimeStage(options: RuntimeStageOptions): StagePlan {
  const { facts, notes } = options;
  const isBuildSetting = options.isBuildSetting ?? (() => false);
  const env = carrySettings({
    facts,
    settings: facts.env,
    keyword: 'ENV',
    select: name => !isBuildSetting(name) && !(options.env ?? []).some(e => e.name === name),
    notes,
  });
  const labels = carrySettings({ facts, settings: facts.labels, keyword: 'LABEL', select: () => true, notes });
  const ports = exposedPorts(facts, notes);
  if (facts.user && facts.user.args[0] !== options.user) {
    notes.push(`${facts.path}:${facts.user.line}: USER ${facts.user.args[0]} was replaced by USER ${options.user}, a user the runtime image has.`);
  }
  const instructions = [
    `WORKDIR ${facts.workdir}`,
    ...(options.testStage ? [copyTestMarker(options.testStage)] : []),
    ...options.copies,
    ...envLines({ settings: [...(options.env ?? []), ...env.settings], argLines: env.argLines }),
    ...labelLines(labels),
    ...facts.volumes.map(v => `VOLUME ${jsonArray(v.args)}`),
    ...(ports.length > 0 ? [`EXPOSE ${ports.join(' ')}`] : []),
    `USER ${options.user}`,
    ...healthcheckLines(options, ports),
    ...(facts.stopSignal ? [`STOPSIGNAL ${facts.stopSignal.args[0]}`] : []),
    ...commandLines(options),
  ];
  return { name: 'runtime', from: options.image, instructions };
}
