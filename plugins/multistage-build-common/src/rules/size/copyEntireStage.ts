/*
 * `COPY --from=build / /` or `COPY --from=build /app /app` (the build's
 * WORKDIR) drags sources, dev dependencies and build caches into the shipped
 * image, undoing the point of a multi-stage build. Source paths of
 * `COPY --from` resolve against the source stage's root, not its WORKDIR, so
 * `.` means the whole filesystem. A stage built FROM scratch that only
 * collects artifacts is fine to copy whole: that is the export pattern. So
 * is a stage that only names an image (`FROM tonistiigi/xx AS xx`): helper
 * images like xx are made to be copied whole. A target that is not a shipped
 * image (a scratch export, a CI check) is not judged.
 *
 * Only a source stage built on a toolchain image (golang, rust, maven, a JDK,
 * the .NET SDK, ...) counts: there the workdir holds sources and build
 * output of a compiled language and the toolchain's root filesystem is the
 * SDK. An interpreted application (Node, Python, Ruby, PHP) runs from its
 * sources, so copying its prepared workdir (or a whole runtime stage's root,
 * to squash its layers) is the usual, intended pattern; judging what in it is
 * dev-only needs more than this file shows. A workdir counts only when the
 * build context was copied into it (`COPY . .`): a folder the build filled
 * with its outputs alone (`/staging` with the binary and its resources) is
 * already the artifacts.
 */
import { copySources } from '../shared/copySources';
import { isToolchainImage } from '../shared/buildToolchains';
import { resolvePath, workdirBefore } from '../shared/runPaths';
import { normalizePath } from '../shared/packageManagers';
import { stageLabel } from '../shared/stageLabel';
import { lineageInstructions, stageLineage } from '../shared/stageLineage';
import { stageReferences, stageSelectedBy } from '../shared/stageReferences';
import type { Stage, StageGraph } from '../../stages/types';
import { defineRule, type Problem } from '../types';

interface Data {
  source: string;
  path: string;
  what: string;
}

const absolute = (dir: string, path: string) =>
  normalizePath(path.startsWith('/') ? path : `${dir.replace(/\/$/, '')}/${path}`) || '/';

/** The WORKDIR in force at the end of a stage, inherited through its FROM chain. */
function workdirOf(graph: StageGraph, stage: Stage): string {
  let workdir = '/';
  for (const instruction of lineageInstructions(graph, stage)) {
    if (instruction.keyword === 'WORKDIR' && instruction.args[0]) workdir = absolute(workdir, instruction.args[0]);
  }
  return workdir;
}

/** Whether the build context was copied into `dir` (or below it) somewhere in the stage's lineage. */
function holdsSources(graph: StageGraph, stage: Stage, dir: string): boolean {
  return stageLineage(graph, stage).some(s =>
    s.instructions.some(i => {
      if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.some(f => /^--from=/i.test(f)) || i.args.length < 2) return false;
      const destination = resolvePath(workdirBefore(graph, s, i), i.args[i.args.length - 1]);
      return destination !== null && (destination === dir || destination.startsWith(`${dir}/`));
    }),
  );
}

/** A stage that only names an image, with nothing built in it or in the stages it is built FROM. */
function isImageAlias(graph: StageGraph, stage: Stage): boolean {
  return stageLineage(graph, stage).every(s => s.instructions.length === 1);
}

export const copyEntireStage = defineRule<Data>({
  id: 'copy-entire-stage',
  severity: 'warning',
  category: 'size',
  description: 'The shipped image copies a whole stage root or build workdir instead of the built artifacts.',
  message: ({ source, path, what }) =>
    `COPY --from takes the whole ${what} of ${source} (\`${path}\`) into the shipped image, sources and dev dependencies included; copy only the built artifacts`,
  check: context => {
    if (!context.shipsImage) return [];
    const shipped = new Set(context.shippedStages.map(s => s.index));
    const problems: Problem<Data>[] = [];
    for (const reference of stageReferences(context)) {
      if (reference.kind !== 'copy' || !shipped.has(reference.stage.index) || reference.resolved === null) continue;
      const source = stageSelectedBy(context.graph, reference.resolved);
      if (!source || stageLineage(context.graph, source)[0].baseKind === 'scratch') continue;
      if (isImageAlias(context.graph, source)) continue;
      const sourceRoot = stageLineage(context.graph, source)[0];
      if (sourceRoot.baseKind === 'scratch' || !isToolchainImage(sourceRoot.resolvedBase)) continue;
      const workdir = workdirOf(context.graph, source);
      for (const path of copySources(reference.instruction)) {
        const resolved = absolute('/', path);
        let what: string | null = null;
        if (resolved === '/') what = 'filesystem';
        else if (resolved === workdir && holdsSources(context.graph, source, workdir)) what = `working directory ${workdir}`;
        if (what === null) continue;
        problems.push({
          line: reference.instruction.line,
          endLine: reference.instruction.endLine,
          stage: reference.stage.index,
          data: { source: stageLabel(source), path, what },
        });
        break;
      }
    }
    return problems;
  },
});
