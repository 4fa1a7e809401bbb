/*
 * What the selected target produces. Rules about the shipped image (root
 * user, toolchains, healthcheck, permissions) only make sense when the target
 * is an image that runs as a service or tool. Many real files end in
 * something else, and a plain build there is deliberate:
 * - `check`: a CI gate (test, lint, validate, vendor or outdated check), or an
 *   image whose command runs the tests;
 * - `dev`: a dev environment or debug image;
 * - `export`: a scratch stage with files and no command, meant for
 *   `--output type=local` (binaries, coverage reports, generated code).
 * Judged per analysis from the target's name or role override, its lineage
 * and its command: nothing here depends on other files.
 */
import type { Stage } from '../../stages/types';
import { shellCommands } from '../../shell/shellCommands';
import { verificationKind } from './verificationCommands';

export type TargetKind = 'image' | 'check' | 'dev' | 'export' | 'none';

const checkRoles = new Set(['test', 'lint', 'security']);
const devRoles = new Set(['dev', 'debug']);

/** The command the image runs, as words: the last CMD, after the last ENTRYPOINT. */
function commandWordsOf(lineage: Stage[]): string[][] {
  const instructions = [...lineage].reverse().flatMap(s => s.instructions);
  const entrypoint = [...instructions].reverse().find(i => i.keyword === 'ENTRYPOINT');
  const cmd = [...instructions].reverse().find(i => i.keyword === 'CMD');
  const parts = [entrypoint, cmd].filter(i => i !== undefined);
  return parts.flatMap(i => (i.json ? [i.args] : shellCommands(i.args.join(' ')).map(c => c.words)));
}

/** Whether the image's command runs tests or linters, e.g. `CMD ["pytest"]`. */
function runsChecks(lineage: Stage[]): boolean {
  return commandWordsOf(lineage).some(words => {
    const kind = verificationKind(words);
    return kind === 'test' || kind === 'lint' || kind === 'audit' || kind === 'scan';
  });
}

/** A scratch image with files but no command: what `--output type=local` exports. */
function isExport(lineage: Stage[]): boolean {
  const root = lineage[lineage.length - 1];
  if (root.baseKind !== 'scratch') return false;
  const instructions = lineage.flatMap(s => s.instructions);
  return !instructions.some(i => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
}

/**
 * The kind of the target, given the final stage and the stages it is built
 * FROM (final stage first, as RuleContext.shippedStages holds them).
 */
export function targetKindOf(lineage: Stage[]): TargetKind {
  const [final] = lineage;
  if (!final) return 'none';
  if (checkRoles.has(final.role)) return 'check';
  if (devRoles.has(final.role)) return 'dev';
  if (isExport(lineage)) return 'export';
  if (runsChecks(lineage)) return 'check';
  return 'image';
}
