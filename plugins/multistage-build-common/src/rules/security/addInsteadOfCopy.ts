/*
 * ADD does more than COPY: it fetches URLs and unpacks local tar archives.
 * For a plain local file or directory it behaves like COPY, so using it only
 * hides that intent and invites an unexpected unpack when a file later turns
 * out to be a tarball. A source with a variable is not judged. The fix turns
 * ADD into COPY, keeping every flag COPY accepts and dropping the ADD-only
 * ones (`--checksum`, `--keep-git-dir`, `--unpack`), which COPY rejects.
 */
import { defineRule } from '../types';
import { copySources, isRemoteSource } from '../shared/copySources';
import { inCaseOf, instructionSource } from '../shared/instructionSource';

/** Names ADD may unpack: tar archives, plain or compressed. */
const archive = /\.(tar|tgz|taz|tbz2?|tb2|txz|tzst|tlz|gz|bz2|xz|zst|lz|lzma|z)$/i;
const addOnlyFlag = /\s--(?:checksum|keep-git-dir|unpack)(?:=(?:"[^"]*"|\S*))?(?=\s)/g;

export const addInsteadOfCopy = defineRule<{ sources: string[] }>({
  id: 'add-instead-of-copy',
  severity: 'info',
  category: 'security',
  description:
    'ADD is used for a plain local file or directory, where COPY says the same without the surprises.',
  message: ({ sources }) =>
    `ADD copies the local ${sources.length === 1 ? 'path' : 'paths'} ${sources
      .map(s => `"${s}"`)
      .join(', ')} without unpacking or downloading anything; use COPY`,
  check: context =>
    context.parsed.instructions
      .filter(i => i.keyword === 'ADD' && i.heredocs.length === 0)
      .flatMap(instruction => {
        const sources = copySources(instruction);
        const plain = sources.every(s => !s.includes('$') && !isRemoteSource(s) && !archive.test(s));
        if (sources.length === 0 || !plain) return [];
        return [
          {
            line: instruction.line,
            endLine: instruction.endLine,
            stage: context.stageOf(instruction)?.index ?? null,
            data: { sources },
          },
        ];
      }),
  fix: (context, problem) => {
    const source = instructionSource(context, problem);
    const keyword = /^(\s*)(add)(?=\s)/i.exec(source);
    if (!keyword) return null;
    const copy = inCaseOf(keyword[2], 'COPY');
    const text = `${keyword[1]}${copy}${source.slice(keyword[0].length)}`.replace(addOnlyFlag, '');
    return {
      title: 'Replace ADD with COPY',
      edits: [{ line: problem.line, endLine: problem.endLine, text }],
    };
  },
});
