/*
 * Instruction text for the converter's output and the templates, and the
 * converter's plan renderer. One formatting for every recipe and template:
 * exec-form JSON, `KEY=value` ENV and LABEL, cache mounts on their own
 * continuation lines.
 */
import type { CacheMount, DockerfilePlan, RunMount } from './types';

/** The BuildKit frontend the output needs for `RUN --mount`. */
export const syntaxDirective = '# syntax=docker/dockerfile:1';

const continuation = ' \\\n    ';

/** A `--mount=type=cache,...` or `--mount=type=bind,...` flag. */
export function mountFlag(mount: RunMount): string {
  if (mount.type === 'bind') return `--mount=type=bind,source=${mount.source},target=${mount.target}`;
  const fields = ['type=cache'];
  if (mount.id) fields.push(`id=${mount.id}`);
  fields.push(`target=${mount.target}`);
  if (mount.sharing) fields.push(`sharing=${mount.sharing}`);
  return `--mount=${fields.join(',')}`;
}

/** A RUN instruction; each mount and the command on lines of their own. */
export function run(command: string, mounts: RunMount[] = []): string {
  if (mounts.length === 0) return `RUN ${command}`;
  return `RUN ${[...mounts.map(mountFlag), command].join(continuation)}`;
}

/** apt locks its directories, so concurrent stages must take turns. */
export const aptCaches: CacheMount[] = [
  { target: '/var/cache/apt', sharing: 'locked' },
  { target: '/var/lib/apt', sharing: 'locked' },
];

/** HEALTHCHECK options of every generated runtime stage. */
export const healthTiming = '--interval=30s --timeout=5s --start-period=15s --retries=3';

/** Words as a JSON array, the exec form BuildKit recommends. */
export function jsonArray(words: string[]): string {
  return `[${words.map(w => JSON.stringify(w)).join(', ')}]`;
}

/** A value for `KEY=value`: kept as written when it is one word, else double-quoted. */
export function settingValue(value: string): string {
  if (value === '') return '""';
  if (/^(?:"[^"]*"|'[^']*'|[^\s"'\\]+)$/.test(value)) return value;
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** `ENV A=1 B=2`, one instruction for the settings given. */
export function envInstruction(settings: { name: string; value: string }[]): string {
  return `ENV ${settings.map(s => `${s.name}=${settingValue(s.value)}`).join(' ')}`;
}

/** The marker a test stage leaves behind so that the runtime stage depends on it. */
export const testsPassedMarker = '/tmp/tests-passed';

/** Runs the test command, then leaves the marker; a failing test fails the build. */
export function testRun(command: string, mounts: RunMount[] = []): string {
  return run(`${command} && touch ${testsPassedMarker}`, mounts);
}

/** The runtime stage's dependency on the test stage. */
export function copyTestMarker(testStage: string): string {
  return `COPY --from=${testStage} ${testsPassedMarker} ${testsPassedMarker}`;
}

/** Renders a plan: the syntax directive, global ARGs, then each stage. */
export function renderPlan(plan: DockerfilePlan): string {
  const blocks: string[] = [syntaxDirective];
  if (plan.globalArgs.length > 0) {
    blocks.push(plan.globalArgs.map(a => `ARG ${a.name}=${a.value}`).join('\n'));
  }
  for (const stage of plan.stages) {
    blocks.push([`FROM ${stage.from} AS ${stage.name}`, ...stage.instructions].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
