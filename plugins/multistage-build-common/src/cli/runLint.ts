/*
 * The command line's logic, with its input and output passed in so it runs
 * (and is tested) without a process: the bin script supplies the file system
 * and the streams. One unreadable or broken file never stops the others.
 */
import { analyzeDockerfile, UnknownTargetError, type AnalyzeOptions } from '../analysis/analyzeDockerfile';
import { AnalysisLimitError } from '../limits/analysisLimits';
import type { AnalysisReport } from '../analysis/types';
import { allRules } from '../rules';
import { exceedsThreshold } from '../report/failureThreshold';
import { formatCheckstyle } from '../report/formatCheckstyle';
import { formatGithub } from '../report/formatGithub';
import { formatGitlab } from '../report/formatGitlab';
import { formatJunit } from '../report/formatJunit';
import { formatSarif } from '../report/formatSarif';
import { formatText } from '../report/formatText';
import { lintUsage, LintUsageError, parseLintArguments, type LintArguments } from './lintArguments';
import { LintConfigError, parseLintConfig, type LintConfig } from './lintConfig';

export interface LintIo {
  /** Reads a file as UTF-8; throws with a message that says why it cannot. */
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
  toolVersion: string;
}

/** Exit codes: 0 clean, 1 findings at or above the threshold, 2 bad command line. */
export function runLint(argv: string[], io: LintIo): number {
  let args;
  try {
    args = parseLintArguments(
      argv,
      allRules.map(r => r.id),
    );
  } catch (e) {
    if (!(e instanceof LintUsageError)) throw e;
    io.stderr(`multistage-lint: ${e.message}\n\n${lintUsage}`);
    return 2;
  }
  if (args.help) {
    io.stdout(lintUsage);
    return 0;
  }

  let config: LintConfig = { severityOverrides: {}, trustedRegistries: [], notes: [] };
  if (args.config !== undefined) {
    try {
      config = parseLintConfig(io.readFile(args.config), args.config, allRules.map(r => r.id));
    } catch (e) {
      const message = e instanceof LintConfigError ? e.message : `cannot read ${args.config}: ${(e as Error).message}`;
      io.stderr(`multistage-lint: --config ${message}\n`);
      return 2;
    }
    config.notes.forEach(note => io.stderr(`multistage-lint: --config ${note}\n`));
  }
  const severityOverrides = { ...config.severityOverrides, ...args.severityOverrides };
  const failureThreshold = args.failureThresholdGiven ? args.failureThreshold : config.failureThreshold ?? args.failureThreshold;
  const settings = { target: args.target, severityOverrides, trustedRegistries: config.trustedRegistries };
  const reports = args.files.map(path => lintFile(path, settings, io));
  io.stdout(formatted(reports, { ...args, failureThreshold }, io.toolVersion));
  return exceedsThreshold(reports, failureThreshold) ? 1 : 0;
}

function formatted(reports: AnalysisReport[], args: LintArguments, toolVersion: string): string {
  switch (args.format) {
    case 'json':
      return `${JSON.stringify(reports, null, 2)}\n`;
    case 'sarif':
      return formatSarif(reports, { rules: allRules, toolVersion });
    case 'checkstyle':
      return formatCheckstyle(reports);
    case 'junit':
      return formatJunit(reports, { failureThreshold: args.failureThreshold });
    case 'gitlab':
      return formatGitlab(reports);
    case 'github':
      return formatGithub(reports);
    default:
      return formatText(reports);
  }
}

function emptyReport(path: string, message: string, line = 1): AnalysisReport {
  return {
    path,
    stages: [],
    edges: [],
    defaultTarget: null,
    parallelGroups: [],
    findings: [],
    parseErrors: [{ line, message }],
  };
}

function lintFile(
  path: string,
  options: Pick<AnalyzeOptions, 'target' | 'severityOverrides' | 'trustedRegistries'>,
  io: LintIo,
): AnalysisReport {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    return emptyReport(path, `cannot read ${path}: ${(e as Error).message}`);
  }
  if (text.includes('\u0000')) {
    return emptyReport(path, `${path} is not a text file (it contains NUL bytes)`);
  }
  try {
    return analyzeDockerfile({ path, text, ...options }).report;
  } catch (e) {
    // Over a limit: an error in this file's report; the other files are still linted.
    if (e instanceof AnalysisLimitError) return emptyReport(path, `not analysed: ${e.message}`, e.line);
    if (!(e instanceof UnknownTargetError)) throw e;
    // Show the stages there are, without findings judged against a target the user did not ask for.
    const { report } = analyzeDockerfile({ path, text, rules: [] });
    return { ...report, parseErrors: [...report.parseErrors, { line: 1, message: `--target: ${e.message}` }] };
  }
}
