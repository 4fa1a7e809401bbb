/*
 * A layer stores every file it changes in full, and changing a file's owner
 * is a change: `COPY . /app` followed by `RUN chown -R app /app` stores the
 * application twice, once in the COPY's layer and once in the RUN's, and the
 * RUN takes as long as copying it all again. `COPY --chown=app` sets the
 * owner as the files are written, in one layer.
 *
 * Reported: a `chown -R` (or `--recursive`) in a stage of the shipped image
 * whose path is, or contains, the destination of an earlier COPY/ADD without
 * --chown in the same stage or a stage it is built FROM. A build stage's
 * layers never ship (and `COPY --from=app / /` squashes them), so only the
 * shipped image's stages count. Relative paths are resolved against the WORKDIR
 * and any `cd` earlier in the RUN. Not reported: paths that only hold what
 * RUN commands made (`mkdir`, volumes), a path inside a COPY destination
 * (what is under it may not come from the COPY), COPYs that already set an
 * owner, and paths or destinations with variables or an unknown directory.
 */
import { runText } from '../shared/runText';
import type { Instruction } from '../../parser/types';
import { flagValue } from '../../stages/stageGraph';
import { executedCommands } from '../shared/executedCommands';
import { commandsInDirectories, resolvePath, workdirBefore } from '../shared/runPaths';
import { stageLineage } from '../shared/stageLineage';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';
import type { Stage } from '../../stages/types';

interface Data {
  user: string;
  /** The chown's paths that hold copied files, as written. */
  paths: string[];
  /** `COPY`, `ADD`, or `COPY/ADD` when both wrote there. */
  copyKeyword: string;
  /** The lines of the COPY/ADD instructions whose files the chown rewrites. */
  copyLines: number[];
}

interface Copied {
  instruction: Instruction;
  destination: string;
}

const isRecursive = (word: string) => word === '--recursive' || /^-[a-zA-Z]*R/.test(word);

/** Where a COPY/ADD without --chown put its files, resolved; null when it set an owner or the place is unclear. */
function copiedTo(context: RuleContext, stage: Stage, instruction: Instruction): Copied | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  if (flagValue(instruction, 'chown') !== undefined || instruction.args.length < 2) return null;
  const destination = resolvePath(workdirBefore(context.graph, stage, instruction), instruction.args[instruction.args.length - 1]);
  return destination === null ? null : { instruction, destination };
}

/** The `chown -R` commands of a RUN: the owner and each path, resolved (null when unclear). */
function recursiveChowns(context: RuleContext, stage: Stage, instruction: Instruction) {
  const workdir = workdirBefore(context.graph, stage, instruction);
  return commandsInDirectories(executedCommands(context, instruction), workdir).flatMap(({ words, dir }) => {
    if (words[0] !== 'chown' || !words.some(isRecursive) || words.some(w => w.startsWith('--reference'))) return [];
    const [user, ...paths] = words.slice(1).filter(w => !w.startsWith('-'));
    if (!user) return [];
    return [{ user, paths: paths.map(path => ({ path, resolved: resolvePath(dir, path) })) }];
  });
}

const linesLabel = (lines: number[]) =>
  lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;

const contains = (outer: string, inner: string) => outer === '/' || outer === inner || inner.startsWith(`${outer}/`);

export const chownAfterCopy = defineRule<Data>({
  id: 'chown-after-copy',
  severity: 'info',
  category: 'size',
  description: 'A RUN chown -R rewrites files an earlier COPY or ADD wrote, storing them twice.',
  message: ({ user, paths, copyKeyword, copyLines }) =>
    `\`chown -R ${user} ${paths.join(' ')}\` rewrites the files ${copyKeyword} on ${linesLabel(copyLines)} put there ` +
    `into a new layer, storing them twice; set the owner while copying with ${copyKeyword} --chown=${user}`,
  check: context => {
    const problems: Problem<Data>[] = [];
    // Layers count in the shipped image only: a build stage's layers are thrown away (or squashed by COPY --from=x / /).
    if (!context.shipsImage) return [];
    for (const stage of [...context.shippedStages].reverse()) {
      // Most stages run no chown at all: skip them before resolving any path.
      if (!stage.instructions.some(i => i.keyword === 'RUN' && runText(i).includes('chown'))) continue;
      const lineage = stageLineage(context.graph, stage);
      const earlier = lineage.slice(0, -1).flatMap(s => s.instructions.map(i => ({ stage: s, instruction: i })));
      const copied: Copied[] = earlier.flatMap(({ stage: s, instruction }) => copiedTo(context, s, instruction) ?? []);
      for (const instruction of stage.instructions) {
        const copy = copiedTo(context, stage, instruction);
        if (copy) copied.push(copy);
        if (instruction.keyword !== 'RUN') continue;
        for (const { user, paths } of recursiveChowns(context, stage, instruction)) {
          const matches = paths.map(({ path, resolved }) => ({
            path,
            sources: resolved === null ? [] : copied.filter(c => contains(resolved, c.destination)).map(c => c.instruction),
          })).filter(m => m.sources.length > 0);
          if (matches.length === 0) continue;
          const sources = [...new Set(matches.flatMap(m => m.sources))].sort((a, b) => a.line - b.line);
          const keywords = [...new Set(sources.map(i => i.keyword))];
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: {
              user,
              paths: matches.map(m => m.path),
              copyKeyword: keywords.length === 1 ? keywords[0] : 'COPY/ADD',
              copyLines: sources.map(i => i.line),
            },
          });
        }
      }
    }
    return problems;
  },
});
