/*
 * Applying fixes: whole-line edits (see TextEdit), applied bottom-up so line
 * numbers stay valid. Edits that overlap an edit already taken are skipped
 * and reported, never merged: a half-applied fix is worse than none.
 */
import { analyzeDockerfile, type AnalyzeOptions } from '../analysis/analyzeDockerfile';
import type { Fix, TextEdit } from '../rules/types';

export interface ApplyFixesResult {
  text: string;
  applied: Fix[];
  /** Fixes left out because they touch lines another fix already changes. */
  skipped: Fix[];
}

/** An edit with `endLine < line` inserts before `line`; others replace a range. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aInserts = a.endLine < a.line;
  const bInserts = b.endLine < b.line;
  // Two inserts at one place conflict: their order would be a guess.
  if (aInserts && bInserts) return a.line === b.line;
  if (aInserts) return a.line > b.line && a.line <= b.endLine;
  if (bInserts) return b.line > a.line && b.line <= a.endLine;
  return a.line <= b.endLine && b.line <= a.endLine;
}

/** Applies the fixes that do not conflict with each other, in the order given. */
export function applyFixes(text: string, fixes: Fix[]): ApplyFixesResult {
  const taken: TextEdit[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some(e => taken.some(t => overlaps(e, t)))) {
      skipped.push(fix);
    } else if (fix.edits.some((e, i) => fix.edits.some((o, j) => i !== j && overlaps(e, o)))) {
      skipped.push(fix);
    } else {
      taken.push(...fix.edits);
      applied.push(fix);
    }
  }

  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  for (const edit of [...taken].sort((a, b) => b.line - a.line || b.endLine - a.endLine)) {
    const replacement = edit.text === '' ? [] : edit.text.split('\n');
    const removeCount = Math.max(0, edit.endLine - edit.line + 1);
    lines.splice(edit.line - 1, removeCount, ...replacement);
  }
  return { text: lines.join('\n') + (trailingNewline ? '\n' : ''), applied, skipped };
}

export interface FixAllResult {
  text: string;
  /** Every fix applied, over all passes. */
  applied: Fix[];
  passes: number;
}

/**
 * Applies fixes until none is left or a pass changes nothing. Conflicting
 * fixes get their turn in a later pass, on re-analysed text.
 */
export function fixAll(options: Omit<AnalyzeOptions, 'path'> & { path?: string }, maxPasses = 10): FixAllResult {
  let text = options.text;
  const applied: Fix[] = [];
  let passes = 0;
  while (passes < maxPasses) {
    const { report } = analyzeDockerfile({ ...options, path: options.path ?? 'Dockerfile', text });
    const fixes = report.findings.flatMap(f => (f.fix ? [f.fix] : []));
    if (fixes.length === 0) break;
    const result = applyFixes(text, fixes);
    passes++;
    if (result.text === text) break;
    text = result.text;
    applied.push(...result.applied);
  }
  return { text, applied, passes };
}
