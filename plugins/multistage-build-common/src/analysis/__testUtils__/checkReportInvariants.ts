import type { AnalysisReport } from '../types';

/**
 * What every report must satisfy whatever the input: positions inside the
 * file, stages and edges that point at real stages, fixes with sane edits.
 * Returns the broken invariants (empty when all hold).
 */
export function checkReportInvariants(report: AnalysisReport, text: string): string[] {
  const problems: string[] = [];
  // The parser's line count: a final newline ends the last line, it opens no new one.
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const maxLine = Math.max(1, lineCount);
  const inFile = (line: number) => Number.isInteger(line) && line >= 1 && line <= maxLine;
  const stageCount = report.stages.length;
  const isStage = (index: number) => Number.isInteger(index) && index >= 0 && index < stageCount;

  report.parseErrors.forEach(e => {
    if (!inFile(e.line)) problems.push(`parse error at line ${e.line} of ${maxLine}`);
    if (!e.message) problems.push('parse error without a message');
  });
  report.stages.forEach((s, i) => {
    if (s.index !== i) problems.push(`stage ${i} has index ${s.index}`);
    if (!inFile(s.line) || s.endLine < s.line || !inFile(s.endLine)) problems.push(`stage ${i} lines ${s.line}-${s.endLine}`);
  });
  report.edges.forEach(e => {
    if (!isStage(e.from) || !isStage(e.to)) problems.push(`edge ${e.from}->${e.to}`);
  });
  if (report.defaultTarget !== null && !isStage(report.defaultTarget)) problems.push('default target is no stage');
  const grouped = report.parallelGroups.flat().sort((a, b) => a - b);
  if (grouped.length !== stageCount || grouped.some((s, i) => s !== i)) problems.push('parallel groups do not cover each stage once');
  report.findings.forEach(f => {
    const at = `${f.rule} at ${f.line}`;
    if (!inFile(f.line) || f.endLine < f.line || !inFile(f.endLine)) problems.push(`${at}: lines ${f.line}-${f.endLine} of ${maxLine}`);
    if (f.stage !== null && !isStage(f.stage)) problems.push(`${at}: stage ${f.stage}`);
    if (!f.message) problems.push(`${at}: empty message`);
    f.fix?.edits.forEach(e => {
      if (e.line < 1 || e.line > maxLine + 1 || e.endLine < e.line - 1 || e.endLine > maxLine) {
        problems.push(`${at}: fix edit ${e.line}-${e.endLine}`);
      }
    });
  });
  return problems;
}
