import type { Instruction } from '../parser/types';

/** The value of `--name=value` among an instruction's flags, or undefined. */
export function flagValue(instruction: Instruction, name: string): string | undefined {
  const prefix = `--${name}=`;
  const flag = instruction.flags.find(f => f.startsWith(prefix));
  return flag === undefined ? undefined : flag.slice(prefix.length);
}

const parsedMounts = Symbol('mounts');
type WithMounts = Instruction & { [parsedMounts]?: Record<string, string>[] };

/**
 * Parses the comma-separated fields of each `--mount=` flag. Once per
 * instruction: rules ask often, and the answer rides on the instruction
 * (a symbol key, so it never shows up in JSON).
 */
export function mountsOf(instruction: Instruction): Record<string, string>[] {
  const memo = instruction as WithMounts;
  if (!memo[parsedMounts]) {
    memo[parsedMounts] = instruction.flags.some(f => f.startsWith('--mount=')) ? parseMounts(instruction) : [];
  }
  return memo[parsedMounts];
}

function parseMounts(instruction: Instruction): Record<string, string>[] {
  return instruction.flags
    .filter(f => f.startsWith('--mount='))
    .map(f => {
      const fields: Record<string, string> = {};
      for (const part of f.slice('--mount='.length).split(',')) {
        const eq = part.indexOf('=');
        if (eq < 0) fields[part.trim().toLowerCase()] = 'true';
        else fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
      }
      return fields;
    });
}
