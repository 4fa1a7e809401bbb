/*
 * GitHub Actions workflow commands: printed in a job's log, each becomes an
 * annotation on the file and line in the run and on the pull request.
 */
import type { AnalysisReport } from '../analysis/types';
import type { Severity } from '../rules/types';
import { problemsOf } from './problemsOf';

const command: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** The escaping GitHub's runner undoes: in messages %, CR and LF; in properties also : and ,. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(reports: AnalysisReport[]): string {
  const lines = problemsOf(reports).map(
    p => `::${command[p.severity]} file=${escapeProperty(p.path)},line=${p.line},title=${escapeProperty(p.rule)}::${escapeData(p.message)}`,
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
