/*
 * Per-keyword argument parsing, following BuildKit's dispatch table in
 * frontend/dockerfile/parser/parser.go and line_parsers.go.
 */
import { parseWords, splitWhitespace, whitespace } from './words';

/** A parse failure; the caller attaches the position. */
export class ArgumentError extends Error {}

export interface ParsedArguments {
  args: string[];
  json: boolean;
}

const none: ParsedArguments = { args: [], json: false };

const notStringArray = 'when using JSON array syntax, arrays must be comprised of strings only';

/**
 * Reads a JSON array at the start of `rest`, as Go's json.Decoder does: one
 * value is decoded and whatever follows it is ignored. Returns undefined when
 * `rest` is no JSON array (the caller falls back to the shell form).
 */
function parseJSON(rest: string): ParsedArguments | undefined {
  const text = rest.replace(/^\s+/, '');
  if (!text.startsWith('[')) return undefined;
  const end = endOfJSONValue(text);
  if (end === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(0, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  if (!value.every(v => typeof v === 'string')) {
    throw new ArgumentError(notStringArray);
  }
  return { args: value as string[], json: true };
}

/** Index just past the bracketed value that starts `text`, or undefined. */
function endOfJSONValue(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function maybeJSON(rest: string): ParsedArguments {
  if (rest === '') return none;
  return parseJSON(rest) ?? { args: [rest], json: false };
}

function maybeJSONToList(rest: string): ParsedArguments {
  return parseJSON(rest) ?? stringsWhitespaceDelimited(rest);
}

function stringsWhitespaceDelimited(rest: string): ParsedArguments {
  if (rest === '') return none;
  return { args: splitWhitespace(rest), json: false };
}

function plainString(rest: string): ParsedArguments {
  if (rest === '') return none;
  return { args: [rest], json: false };
}

/** ENV and LABEL: `KEY value` (legacy) or `KEY=value ...`; triples of key, value, separator. */
function nameVal(keyword: string, rest: string, escapeChar: string): ParsedArguments {
  const words = parseWords(rest, escapeChar);
  if (words.length === 0) return none;
  if (!words[0].includes('=')) {
    const gap = whitespace.exec(rest);
    if (!gap) throw new ArgumentError(`${keyword} must have two arguments`);
    const key = rest.slice(0, gap.index);
    const value = rest.slice(gap.index + gap[0].length);
    return { args: [key, value, ''], json: false };
  }
  const args: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new ArgumentError(
        `Syntax error - can't find = in "${word}". Must be of the form: name=value`,
      );
    }
    args.push(word.slice(0, eq), word.slice(eq + 1), '=');
  }
  return { args, json: false };
}

function nameOrNameVal(rest: string, escapeChar: string): ParsedArguments {
  return { args: parseWords(rest, escapeChar), json: false };
}

/** HEALTHCHECK: the type word (`CMD`, `NONE`), then CMD's arguments. */
function healthConfig(rest: string): ParsedArguments {
  const sep = rest.search(/\s/);
  const typ = sep < 0 ? rest : rest.slice(0, sep);
  if (typ === '') return none;
  const cmd = maybeJSON(sep < 0 ? '' : rest.slice(sep).replace(/^\s+/, ''));
  return { args: [typ, ...cmd.args], json: cmd.json };
}

/** Keywords BuildKit knows; anything else is rejected when the build starts. */
export const knownKeywords = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

/** Parses the arguments of one instruction; ONBUILD is handled by the caller. */
export function parseArguments(
  keyword: string,
  rest: string,
  escapeChar: string,
): ParsedArguments {
  switch (keyword) {
    case 'ADD':
    case 'COPY':
    case 'VOLUME':
      return maybeJSONToList(rest);
    case 'CMD':
    case 'ENTRYPOINT':
    case 'RUN':
    case 'SHELL':
      return maybeJSON(rest);
    case 'ARG':
      return nameOrNameVal(rest, escapeChar);
    case 'ENV':
    case 'LABEL':
      return nameVal(keyword, rest, escapeChar);
    case 'EXPOSE':
    case 'FROM':
      return stringsWhitespaceDelimited(rest);
    case 'HEALTHCHECK':
      return healthConfig(rest);
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      return plainString(rest);
    default:
      return none;
  }
}
