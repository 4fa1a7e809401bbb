/*
 * Lines of flags and arguments. BuildKit's AST keeps positions per
 * instruction only; rules and editors want to point at the flag or argument
 * itself when an instruction spans lines. Each word is searched for in the
 * instruction's own lines, left to right from where the previous word ended,
 * so a repeated word is not mistaken for an earlier one.
 */

/** A short, distinctive prefix of a word as it is likely written in the file. */
function probeFor(word: string): string {
  // JSON-form words are decoded; stop before anything JSON would have escaped.
  let end = 0;
  while (end < word.length && end < 16) {
    const ch = word[end];
    if (ch === '"' || ch === '\\' || ch === '\n' || ch === '\t') break;
    end++;
  }
  return word.slice(0, end);
}

export interface WordCursor {
  line: number;
  column: number;
}

/**
 * Returns the 1-based line of each word, searching `lines` (all file lines,
 * index 0 = line 1) between `cursor` and `lastLine`. A word that cannot be
 * found (rewritten by continuation joins, say) gets the line the search
 * stands on.
 */
export function wordLines(lines: string[], words: string[], cursor: WordCursor, lastLine: number): number[] {
  const result: number[] = [];
  for (const word of words) {
    const probe = probeFor(word);
    let found = false;
    if (probe !== '') {
      for (let line = cursor.line; line <= lastLine && !found; line++) {
        const text = lines[line - 1] ?? '';
        const column = text.indexOf(probe, line === cursor.line ? cursor.column : 0);
        if (column >= 0) {
          result.push(line);
          cursor.line = line;
          cursor.column = column + probe.length;
          found = true;
        }
      }
    }
    if (!found) result.push(cursor.line);
  }
  return result;
}
