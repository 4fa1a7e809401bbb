import { failureThresholds, type FailureThreshold } from '../report/failureThreshold';
import type { SeverityOverride } from '../rules/types';

export type LintFormat = 'text' | 'json' | 'sarif' | 'checkstyle' | 'junit' | 'gitlab' | 'github';

export interface LintArguments {
  format: LintFormat;
  failureThreshold: FailureThreshold;
  target?: string;
  /** `--severity ID=LEVEL`, repeatable. */
  severityOverrides: Record<string, SeverityOverride>;
  /** `--config FILE`: a YAML file of settings (cli/lintConfig.ts). */
  config?: string;
  /** Whether --failure-threshold was given (it wins over the config file's). */
  failureThresholdGiven: boolean;
  files: string[];
  help: boolean;
}

export const lintUsage = `Usage: multistage-lint [options] FILE...   (in this repository: yarn multistage-lint)

Analyses multi-stage Dockerfiles: stage graph, correctness, size, cache,
security and style rules (docs/rules/).

Options:
  --format text|json|sarif|checkstyle|junit|gitlab|github
                                           output format (default: text); sarif
                                           for code scanning, checkstyle for
                                           Jenkins and reviewdog, junit for test
                                           reports, gitlab for Code Quality,
                                           github for workflow annotations
  --failure-threshold error|warning|info|none
                                           exit 1 when a finding at or above
                                           this severity exists (default: error)
  --target NAME                            judge the image this stage builds
                                           (default: the last stage)
  --severity ID=LEVEL                      set a rule's severity (error,
                                           warning, info) or turn it off;
                                           repeatable; wins over --config
  --config FILE                            YAML settings: severity, ignored,
                                           override, trustedRegistries,
                                           failure-threshold; rule ids or
                                           hadolint codes (those keys of a
                                           .hadolint.yaml apply as they are)
  -h, --help                               show this help
`;

/** Raised for command lines that cannot run; the message says which option and why. */
export class LintUsageError extends Error {}

const formats: readonly LintFormat[] = ['text', 'json', 'sarif', 'checkstyle', 'junit', 'gitlab', 'github'];

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || value === '') {
    throw new LintUsageError(`${option} needs a value: one of ${allowed.join(', ')}`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new LintUsageError(`${option} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

const severityLevels: readonly SeverityOverride[] = ['error', 'warning', 'info', 'off'];

/** Parses the command line (without `node` and the script name); `knownRuleIds` checks `--severity`. */
export function parseLintArguments(argv: string[], knownRuleIds?: readonly string[]): LintArguments {
  const parsed: LintArguments = {
    format: 'text',
    failureThreshold: 'error',
    severityOverrides: {},
    failureThresholdGiven: false,
    files: [],
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = () => (eq < 0 ? argv[++i] : arg.slice(eq + 1));
    switch (name) {
      case '--format':
        parsed.format = oneOf(name, value(), formats);
        break;
      case '--failure-threshold':
        parsed.failureThreshold = oneOf(name, value(), failureThresholds);
        parsed.failureThresholdGiven = true;
        break;
      case '--config': {
        const file = value();
        if (!file) throw new LintUsageError('--config needs a file');
        parsed.config = file;
        break;
      }
      case '--target': {
        const target = value();
        if (!target) throw new LintUsageError('--target needs a stage name or index');
        parsed.target = target;
        break;
      }
      case '--severity': {
        const setting = value() ?? '';
        const at = setting.indexOf('=');
        if (at <= 0) throw new LintUsageError(`--severity needs RULE=LEVEL, got "${setting}"`);
        const id = setting.slice(0, at);
        if (knownRuleIds && !knownRuleIds.includes(id)) {
          throw new LintUsageError(`--severity: there is no rule "${id}" (see docs/rules/README.md)`);
        }
        parsed.severityOverrides[id] = oneOf(`--severity ${id}`, setting.slice(at + 1), severityLevels);
        break;
      }
      default:
        throw new LintUsageError(`unknown option ${name}`);
    }
  }
  if (!parsed.help && parsed.files.length === 0) {
    throw new LintUsageError('no Dockerfile given');
  }
  return parsed;
}
