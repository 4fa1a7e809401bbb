/*
 * What the selected target produces. Rules about the shipped image (root
 * user, toolchains, healthcheck, permissions) only make sense when the target
 * is an image that runs as a service or tool. Many real files end in
 * something else, and a plain build there is deliberate:
 * - `check`: a CI gate (test, lint, validate, vendor or outdated check), or an
 *   image whose command runs the tests;
 * - `dev`: a dev environment or debug image;
 * - `export`: a scratch stage with files and no command, meant for
 *   `--output type=local` (binaries, coverage reports, generated code);
 * - `tooling`: a build or test tooling image, named so by its file's path
 *   (`loki-build-image/Dockerfile`, `build-tools.Dockerfile`,
 *   `images/builder/`, `test/images/...`, `Dockerfile.e2e-tests`): its
 *   toolchain and root user are what it is for.
 * Judged per analysis from the target's name or role override, its lineage,
 * its command and the file's path: nothing here reads other files.
 */
import type { Stage } from '../../stages/types';
import { shellCommands } from '../../shell/shellCommands';
import { verificationKind } from './verificationCommands';

export type TargetKind = 'image' | 'check' | 'dev' | 'export' | 'tooling' | 'none';

/** Path words that name a build or test tooling image. */
const toolingWord = /^(test|tests|testing|e2e|ci|builder|builders|toolchain|buildtools|build-tools|build-image|buildimage|test-runner|test-images|testdata)$/;

/** Whether the file's path (directories, or the name's words) names a tooling image. */
function isToolingPath(path: string): boolean {
  const parts = path.toLowerCase().split(/[\\/]/).filter(Boolean);
  const name = parts.pop() ?? '';
  const wordsOf = (part: string) => [part, ...part.split(/[._]/), ...part.split(/[._-]/), part.replace(/^[a-z0-9]+-(?=build-image$|build-tools$)/, '')];
  const words = [...parts.flatMap(wordsOf), ...wordsOf(name.replace(/^dockerfile[._-]?|[._-]?dockerfile$/, ''))];
  return words.some(word => toolingWord.test(word));
}

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
export function targetKindOf(lineage: Stage[], path = ''): TargetKind {
  const [final] = lineage;
  if (!final) return 'none';
  if (checkRoles.has(final.role)) return 'check';
  // `FROM dev AS final`: a stage built on a dev environment is one.
  if (lineage.some(stage => devRoles.has(stage.role))) return 'dev';
  if (isExport(lineage)) return 'export';
  if (runsChecks(lineage)) return 'check';
  if (isToolingPath(path)) return 'tooling';
  return 'image';
}
