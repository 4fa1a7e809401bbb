/*
 * Rules as data, after BuildKit's linter ruleset and hadolint's one-module-
 * per-rule layout: each rule is an object with its id, default severity,
 * description, docs link, a message builder, a check and an optional fix.
 */
import type { RuleContext } from './ruleContext';

export type Severity = 'error' | 'warning' | 'info';

/** Where a finding may be configured to land, or `off` to silence it. */
export type SeverityOverride = Severity | 'off';

export type RuleCategory = 'correctness' | 'size' | 'cache' | 'security' | 'style';

/**
 * Replaces whole lines `line`..`endLine` (1-based, inclusive) with `text`.
 * `text` holds the new lines joined by `\n` without a trailing newline; an
 * empty `text` deletes the lines. `endLine = line - 1` inserts `text` before
 * `line` without removing anything.
 */
export interface TextEdit {
  line: number;
  endLine: number;
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** What a rule's check reports: a position, the stage, and the message's data. */
export interface Problem<Data> {
  line: number;
  endLine: number;
  /** Index of the stage the problem is in; null for file-level problems. */
  stage: number | null;
  data: Data;
}

export interface Rule<Data = unknown> {
  /** The contract id from shared/RULES.md, e.g. `undefined-stage`. */
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One sentence: what the rule finds. */
  description: string;
  /** BuildKit's check name for the same problem, when it has one. */
  alsoKnownAs?: string;
  /**
   * False for rules that run only when configuration gives them a severity
   * (`--severity id=info`, `severity:` in a config file, the backend's
   * severity overrides): rules whose findings, judged on real files, were
   * mostly true but of little value. Their docs page says why.
   */
  enabledByDefault?: boolean;
  message(data: Data): string;
  check(context: RuleContext): Problem<Data>[];
  /** A mechanical fix as text edits; null when this occurrence cannot be fixed safely. */
  fix?(context: RuleContext, problem: Problem<Data>): Fix | null;
}

/** Declares a rule; the identity function keeps `Data` inferred across the object. */
export function defineRule<Data>(rule: Rule<Data>): Rule<Data> {
  return rule;
}

/** The docs page for a rule, relative to the repository root. */
export function ruleDocsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
