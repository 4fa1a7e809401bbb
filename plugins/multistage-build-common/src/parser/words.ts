/*
 * Word splitting exactly as BuildKit's parser does it
 * (frontend/dockerfile/parser/line_parsers.go and parser.go), so that our
 * instruction arguments match `docker build` byte for byte.
 */

/** Go's unicode.IsSpace for the characters that can appear in a Dockerfile line. */
export function isSpace(ch: string): boolean {
  const code = ch.charCodeAt(0);
  // ASCII fast path: the parser calls this for every character.
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return /^[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

/** BuildKit's reWhitespace: `[\t\v\f\r ]+`. */
export const whitespace = /[\t\v\f\r ]+/;

/**
 * Splits a statement into words, keeping quotes and escapes in the words
 * (they are removed later, when the words are expanded). BuildKit: parseWords.
 */
export function parseWords(rest: string, escapeChar: string): string[] {
  const chars = Array.from(rest);
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;

  for (let pos = 0; pos <= chars.length; pos++) {
    const atEnd = pos === chars.length;
    let ch = atEnd ? '' : chars[pos];
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isSpace(ch)) continue;
      phase = 'word';
    }
    if (atEnd) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escapeChar) {
        if (pos + 1 === chars.length) continue; // an escape at the end is dropped
        // Unquoted, the escape and the next character are both kept, even a quote.
        word += ch;
        pos++;
        ch = chars[pos];
      }
      word += ch;
      continue;
    }
    // in a quote
    if (ch === quote) phase = 'word';
    // The escape character escapes nothing inside single quotes.
    if (ch === escapeChar && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos];
    }
    word += ch;
  }
  return words;
}

/**
 * Takes the `--flag` words from the start of an instruction's arguments.
 * Returns the flags and the rest of the line. BuildKit: extractBuilderFlags.
 * Flag words always use a backslash as escape, whatever `# escape=` says.
 */
export function extractBuilderFlags(line: string): {
  rest: string;
  flags: string[];
} {
  const flags: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;

  for (let pos = 0; pos <= line.length; pos++) {
    const atEnd = pos === line.length;
    let ch = atEnd ? '' : line[pos];
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isSpace(ch)) continue;
      // Only go on while the next word starts with --
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') {
        return { rest: line.slice(pos), flags };
      }
      phase = 'word';
    }
    if (atEnd) {
      if (word !== '--' && (blankOK || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return { rest: line.slice(pos), flags };
        if (blankOK || word.length > 0) flags.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        pos++;
        ch = line[pos];
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = line[pos];
    }
    word += ch;
  }
  return { rest: '', flags };
}

/** Splits on BuildKit's whitespace, as Go's regexp.Split(s, -1) does. */
export function splitWhitespace(text: string): string[] {
  return text.split(whitespace);
}
