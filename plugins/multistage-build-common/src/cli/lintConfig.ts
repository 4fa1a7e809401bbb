/*
 * The command line's `--config` file (YAML): severities, ignored rules,
 * trusted registries and the failure threshold, by rule id or by hadolint
 * code, so the `ignored`, `override`, `trustedRegistries` and
 * `failure-threshold` keys of a team's `.hadolint.yaml` apply here. Keys:
 *   severity:           { <rule id | DLxxxx>: error|warning|info|off }
 *   ignored:            [ <rule id | DLxxxx>, ... ]          (hadolint)
 *   override:           { error|warning|info|style: [ ... ] } (hadolint; style is info)
 *   trustedRegistries:  [ <registry host>, ... ]               (hadolint)
 *   failure-threshold:  error|warning|info|style|none|ignore   (hadolint; also failureThreshold)
 * Every other key is refused with its line: a setting is applied or refused,
 * never stored and ignored. A hadolint code with no rule here is applied as
 * nothing to do and said so in `notes`, so nobody wonders where it went.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { failureThresholds, type FailureThreshold } from '../report/failureThreshold';
import { isHadolintCode, isPartialHadolintCode, rulesForHadolintCode } from '../rules/hadolintCodes';
import type { SeverityOverride } from '../rules/types';

export interface LintConfig {
  severityOverrides: Record<string, SeverityOverride>;
  trustedRegistries: string[];
  failureThreshold?: FailureThreshold;
  /** Things worth telling the user, e.g. hadolint codes with no rule here. */
  notes: string[];
}

/** A config file that cannot be used; the message names the file, the line and the key. */
export class LintConfigError extends Error {}

const levels: Record<string, SeverityOverride> = { error: 'error', warning: 'warning', info: 'info', style: 'info', off: 'off' };
const thresholds: Record<string, FailureThreshold> = { ...Object.fromEntries(failureThresholds.map(t => [t, t])), style: 'info', ignore: 'none' };
const supportedKeys = ['severity', 'ignored', 'override', 'trustedRegistries', 'failure-threshold', 'failureThreshold'];

export function parseLintConfig(text: string, file: string, knownRuleIds: readonly string[]): LintConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new LintConfigError(`${file}:${lineOf(node)}: ${message}`);
  };
  if (document.errors.length > 0) {
    const [error] = document.errors;
    throw new LintConfigError(`${file}:${error.linePos?.[0].line ?? 1}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const config: LintConfig = { severityOverrides: {}, trustedRegistries: [], notes: [] };
  const { contents } = document;
  if (contents === null) return config;
  if (!isMap(contents)) return fail(contents, 'the file must be a mapping of settings (key: value)');

  const strings = (node: unknown, key: string): { value: string; node: Node }[] => {
    if (!isSeq(node)) return fail(node as Node, `${key} must be a list`);
    return node.items.map(item =>
      isScalar(item) && typeof item.value === 'string' ? { value: item.value, node: item } : fail(item as Node, `${key} must list strings`),
    );
  };
  /** The rule ids a rule id or hadolint code stands for. */
  const rulesOf = (name: string, node: Node, key: string): readonly string[] => {
    if (knownRuleIds.includes(name)) return [name];
    if (isHadolintCode(name)) {
      const ids = rulesForHadolintCode(name);
      if (ids.length === 0) config.notes.push(`${file}:${lineOf(node)}: ${key}: ${name} has no counterpart here; nothing to apply`);
      if (isPartialHadolintCode(name)) {
        config.notes.push(`${file}:${lineOf(node)}: ${key}: ${name} covers part of ${ids.join(', ')}; the whole rule is affected`);
      }
      return ids;
    }
    return fail(node, `${key}: there is no rule "${name}" (rule ids: docs/rules/README.md; hadolint codes DLxxxx)`);
  };
  const level = (name: string, node: Node, key: string): SeverityOverride =>
    Object.hasOwn(levels, name) ? levels[name] : fail(node, `${key}: "${name}" is no severity; use error, warning, info or off`);

  for (const pair of contents.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    switch (key) {
      case 'severity':
        if (!isMap(pair.value)) fail(pair.value, 'severity must map rule ids to error, warning, info or off');
        for (const item of (pair.value as unknown as { items: Pair<Node, Node>[] }).items) {
          const name = isScalar(item.key) ? String(item.key.value) : '';
          const value = isScalar(item.value) ? String(item.value.value) : '';
          const severity = level(value, item.value ?? item.key, `severity ${name}`);
          for (const id of rulesOf(name, item.key, 'severity')) config.severityOverrides[id] = severity;
        }
        break;
      case 'ignored':
        for (const { value, node } of strings(pair.value, 'ignored')) {
          for (const id of rulesOf(value, node, 'ignored')) config.severityOverrides[id] = 'off';
        }
        break;
      case 'override':
        if (!isMap(pair.value)) fail(pair.value, 'override must map error, warning, info or style to lists of rules');
        for (const item of (pair.value as unknown as { items: Pair<Node, Node>[] }).items) {
          const name = isScalar(item.key) ? String(item.key.value) : '';
          const severity = level(name, item.key, 'override');
          for (const { value, node } of strings(item.value, `override ${name}`)) {
            for (const id of rulesOf(value, node, `override ${name}`)) config.severityOverrides[id] = severity;
          }
        }
        break;
      case 'trustedRegistries':
        config.trustedRegistries = strings(pair.value, key).map(s => s.value);
        break;
      case 'failure-threshold':
      case 'failureThreshold': {
        const value = isScalar(pair.value) ? String(pair.value.value) : '';
        config.failureThreshold = Object.hasOwn(thresholds, value)
          ? thresholds[value]
          : fail(pair.value, `${key}: "${value}" is no threshold; use ${failureThresholds.join(', ')}`);
        break;
      }
      default:
        fail(pair.key, `"${key}" is not a setting this tool applies; settings: ${supportedKeys.join(', ')}`);
    }
  }
  return config;
}
