/*
 * A relative WORKDIR resolves against the base image's working directory,
 * which the Dockerfile does not control: a new base image version can move
 * it and silently change where files land. It is fine once an absolute
 * WORKDIR is in force, in the stage or in a stage it is built FROM (WORKDIR
 * is image config and carries over). BuildKit reports only the first WORKDIR
 * of a lineage; this rule follows the catalog and reports every relative
 * WORKDIR with no absolute one before it. A path starting with a variable
 * may well be absolute, so it is not judged and counts as absolute for what
 * follows. Windows paths (`C:\app`, `\app`) are absolute too. The only safe
 * fix is on a lineage that starts from `scratch`, whose working directory is
 * `/`: the first WORKDIR there becomes `/<path>`.
 */
import type { Instruction } from '../../parser/types';
import { defineRule } from '../types';
import { writtenKeyword } from '../shared/instructionSource';
import { stageLineage } from '../shared/stageLineage';

/** The WORKDIR path without the quotes BuildKit's word processing removes. */
function workdirPath(instruction: Instruction): string {
  const raw = (instruction.args[0] ?? '').trim();
  const quoted = /^(["'])(.*)\1$/.exec(raw);
  return quoted ? quoted[2] : raw;
}

function isAbsoluteOrUnknown(path: string): boolean {
  return /^([\\/]|[A-Za-z]:[\\/]|\$)/.test(path);
}

export const workdirRelativePath = defineRule<{ path: string }>({
  id: 'workdir-relative-path',
  severity: 'warning',
  category: 'style',
  description: 'WORKDIR is relative while no absolute WORKDIR is in force, so it depends on the base image.',
  alsoKnownAs: 'WorkdirRelativePath',
  message: ({ path }) =>
    `Relative workdir "${path}" can have unexpected results if the base image changes; no absolute WORKDIR precedes it`,
  check: context => {
    // Whether an absolute WORKDIR is in force at the end of each stage, carried
    // down the FROM chain (FROM names only earlier stages, so one pass in order).
    const absoluteAtEnd: boolean[] = [];
    return context.graph.stages.flatMap(stage => {
      const parent = stage.baseStage;
      let absolute = parent !== null && parent < stage.index ? absoluteAtEnd[parent] : false;
      const problems = [];
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR') continue;
        const path = workdirPath(instruction);
        if (isAbsoluteOrUnknown(path)) absolute = true;
        else if (!absolute && path !== '') {
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: { path },
          });
        }
      }
      absoluteAtEnd[stage.index] = absolute;
      return problems;
    });
  },
  fix: (context, problem) => {
    const stage = problem.stage === null ? undefined : context.graph.stages[problem.stage];
    if (!stage) return null;
    const lineage = stageLineage(context.graph, stage);
    if (lineage[0].baseKind !== 'scratch') return null;
    const first = lineage.flatMap(s => s.instructions).find(i => i.keyword === 'WORKDIR');
    if (!first || first.line !== problem.line || /["'\\]/.test(problem.data.path)) return null;
    const path = `/${problem.data.path.replace(/^(\.\/)+/, '')}`;
    return {
      title: `Make the WORKDIR absolute: ${path}`,
      edits: [{ line: problem.line, endLine: problem.endLine, text: `${writtenKeyword(first)} ${path}` }],
    };
  },
});
