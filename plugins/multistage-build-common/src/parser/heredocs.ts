/*
 * Heredoc detection for RUN, COPY and ADD, after BuildKit's heredocsFromLine
 * and ParseHeredoc: a word `[fd]<<[-]DELIM` opens a heredoc; a delimiter with
 * any quoted part turns off expansion of the body.
 */
import type { Heredoc } from './types';

const heredocWord = /^(\d*)<<(-?)([^<]*)$/;

/** Splits a line into shell words, keeping quotes and escapes (raw). */
function rawShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      word += ch;
      if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else if (ch === quote) quote = '';
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    word += ch;
    if (ch === '\\' && i + 1 < line.length) word += line[++i];
    else if (ch === "'" || ch === '"') quote = ch;
  }
  if (inWord) words.push(word);
  return words;
}

/** Removes shell quoting from a single word: `e'o'f` -> `eof`, `\"x` -> `"x`. */
function unquote(word: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
      else out += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = '';
      else if (ch === '\\' && i + 1 < word.length && '"\\$`'.includes(word[i + 1])) {
        out += word[++i];
      } else out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '\\' && i + 1 < word.length) {
      out += word[++i];
    } else out += ch;
  }
  return out;
}

/** The heredocs a line opens, in order, without their bodies. */
export function heredocsFromLine(
  line: string,
): Omit<Heredoc, 'content' | 'line' | 'endLine'>[] {
  const docs: Omit<Heredoc, 'content' | 'line' | 'endLine'>[] = [];
  for (const word of rawShellWords(line)) {
    const match = heredocWord.exec(word);
    if (!match || match[3].length === 0) continue;
    const raw = match[3];
    if (rawShellWords(raw).length !== 1) continue;
    const name = unquote(raw);
    // `<<''` is no heredoc: BuildKit's word split makes zero words of a quoted empty delimiter.
    if (name === '') continue;
    const rawQuotes = (raw.match(/['"]/g) ?? []).length;
    const nameQuotes = (name.match(/['"]/g) ?? []).length;
    docs.push({
      name,
      expand: rawQuotes === nameQuotes,
      chomp: match[2] === '-',
      fileDescriptor: match[1] ? Number(match[1]) : 0,
    });
  }
  return docs;
}
