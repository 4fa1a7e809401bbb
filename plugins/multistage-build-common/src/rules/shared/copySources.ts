import type { Instruction } from '../../parser/types';

/**
 * The source operands of a COPY or ADD: every argument but the destination,
 * without heredoc operands (`<<EOF`), whose content is inline, not a path.
 */
export function copySources(instruction: Instruction): string[] {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return [];
  return instruction.args.slice(0, -1).filter(arg => !/^<<-?/.test(arg));
}

/** A source BuildKit fetches over the network: an http(s) URL or a Git remote. */
export function isRemoteSource(source: string): boolean {
  return /^(https?|git|ssh):\/\//i.test(source) || /^git@[^:]+:/.test(source);
}

/**
 * A Git remote as BuildKit's ADD reads it: `git://`, `ssh://`, `git@host:`,
 * or an http(s) URL whose path ends in `.git` (optionally followed by `#ref`).
 */
export function isGitSource(source: string): boolean {
  if (/^(git|ssh):\/\//i.test(source) || /^git@[^:]+:/.test(source)) return true;
  return /^https?:\/\/[^#?]+\.git(?:[#?].*)?$/i.test(source);
}

/** The last path part of a source, e.g. `id_rsa` for `./keys/id_rsa` and `secrets` for `secrets/`. */
export function baseName(source: string): string {
  const trimmed = source.replace(/[\\/]+$/, '');
  const parts = trimmed.split(/[\\/]/);
  return parts[parts.length - 1];
}
