/*
 * A plain `docker build` (and every CI job or platform that builds without
 * --target) produces the last stage. When that is a dev, test, lint, debug or
 * scan stage, what gets pushed is a dev server, a test runner or a debug
 * image with tools and sources, and the real runtime stage is never built.
 * A one-stage file is left alone: there the file's only stage is its purpose.
 * So is a file with no runtime stage at all (a CI-checks file, a dev
 * environment: there is nothing better to build by default), and a file
 * whose name says it is for development (`Dockerfile.dev`, `dev.Dockerfile`,
 * `.devcontainer/`), where a compose file or the editor picks the target.
 * So is a last stage whose comment names the target to build (the authors
 * chose the order: "typical builds stop at --target release"), and one whose
 * base is an ARG with no default (a plain build cannot start anyway).
 * Roles come from the stage graph (stage names, or the user's overrides).
 */
import { stageLabel } from '../shared/stageLabel';
import { defineRule } from '../types';

export interface DefaultTargetNotRuntimeData {
  /** The last stage, e.g. `stage "dev"`. */
  stage: string;
  role: string;
  /** The runtime stage the file also has, e.g. `stage "prod"`. */
  runtime: string;
}

const notShippable = new Set(['dev', 'test', 'lint', 'debug', 'security']);

/** `Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.development`, `.devcontainer/Dockerfile`, ... */
function isDevFile(path: string): boolean {
  const parts = path.toLowerCase().split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  return parts.includes('.devcontainer') || name.split(/[._-]/).some(word => /^(dev|develop|development|local)$/.test(word));
}

export const defaultTargetNotRuntime = defineRule<DefaultTargetNotRuntimeData>({
  id: 'default-target-not-runtime',
  severity: 'warning',
  category: 'correctness',
  description: 'The last stage, which a plain build produces, is a dev, test, lint, debug or scan stage.',
  message: ({ stage, role, runtime }) =>
    `the last stage (${stage}) is a ${role} stage, and a build without --target produces it; move ${runtime} to the end of the file`,
  check: context => {
    const { graph } = context;
    const last = graph.defaultTarget === null ? undefined : graph.stages[graph.defaultTarget];
    if (!last || graph.stages.length < 2 || !notShippable.has(last.role) || isDevFile(context.path)) return [];
    const runtime = [...graph.stages].reverse().find(s => s.role === 'runtime');
    if (!runtime) return [];
    // The authors say which target to build, in the comment above the last stage.
    if (last.instructions[0]?.comments.some(c => /\btarget\b/i.test(c))) return [];
    // A plain build cannot even start: the last stage's base is an ARG with no default.
    if (last.baseKind === 'variable' && last.resolvedBase.trim() === '') return [];
    return [
      {
        line: last.line,
        endLine: last.instructions[0]?.endLine ?? last.line,
        stage: last.index,
        data: { stage: stageLabel(last), role: last.role, runtime: stageLabel(runtime) },
      },
    ];
  },
});
