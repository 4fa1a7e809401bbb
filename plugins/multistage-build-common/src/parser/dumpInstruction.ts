import type { Instruction } from './types';

const goShortEscapes: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/** Go's strconv.Quote for the characters Dockerfiles contain. */
function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch in goShortEscapes) out += goShortEscapes[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Prints an instruction the way BuildKit's Node.Dump does, e.g.
 * `(copy ["--user=me"] "foo" "/tmp/")`: the format of BuildKit's parser test
 * results, so our parse can be compared with theirs line by line.
 */
export function dumpInstruction(instruction: Instruction): string {
  let text = instruction.keyword.toLowerCase();
  if (instruction.flags.length > 0) {
    text += ` [${instruction.flags.map(goQuote).join(' ')}]`;
  }
  if (instruction.trigger) {
    text += ` ${dumpInstruction(instruction.trigger)}`;
  }
  for (const arg of instruction.args) text += ` ${goQuote(arg)}`;
  return `(${text.trim()})`;
}
