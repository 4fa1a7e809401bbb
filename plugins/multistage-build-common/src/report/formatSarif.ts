/*
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps). Every rule in
 * the catalog is listed in the driver, so results can point at it by index;
 * parse errors become results of a `parse-error` rule so they show up in the
 * same place as findings; fixes become SARIF fixes with whole-line regions.
 */
import type { AnalysisReport } from '../analysis/types';
import type { Rule, Severity, TextEdit } from '../rules/types';
import { ruleDocsPath } from '../rules/types';

export interface SarifOptions {
  rules: readonly Rule<any>[];
  toolVersion: string;
}

const level: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

const parseErrorRule = {
  id: 'parse-error',
  name: 'ParseError',
  shortDescription: { text: 'The Dockerfile cannot be read or parsed the way BuildKit parses it.' },
  defaultConfiguration: { level: 'error' },
};

/** `Some-rule-id` -> `SomeRuleId`, SARIF's conventional rule name. */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** SARIF URIs are URI references: keep relative paths relative, but encode what needs it. */
function uriFor(path: string): string {
  return encodeURI(path.replace(/\\/g, '/'));
}

function replacement(edit: TextEdit) {
  if (edit.endLine < edit.line) {
    return {
      deletedRegion: { startLine: edit.line, startColumn: 1, endLine: edit.line, endColumn: 1 },
      insertedContent: { text: `${edit.text}\n` },
    };
  }
  return {
    deletedRegion: { startLine: edit.line, endLine: edit.endLine },
    insertedContent: { text: edit.text },
  };
}

export function formatSarif(reports: AnalysisReport[], options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i + 1]));
  const results = reports.flatMap(report => {
    const artifactLocation = { uri: uriFor(report.path) };
    const parseErrors = report.parseErrors.map(error => ({
      ruleId: parseErrorRule.id,
      ruleIndex: 0,
      level: 'error',
      message: { text: error.message },
      locations: [{ physicalLocation: { artifactLocation, region: { startLine: Math.max(1, error.line) } } }],
    }));
    const findings = report.findings.map(finding => ({
      ruleId: finding.rule,
      ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
      level: level[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            region: { startLine: finding.line, endLine: finding.endLine },
          },
        },
      ],
      ...(finding.fix
        ? {
            fixes: [
              {
                description: { text: finding.fix.title },
                artifactChanges: [{ artifactLocation, replacements: finding.fix.edits.map(replacement) }],
              },
            ],
          }
        : {}),
      ...(finding.stage !== null ? { properties: { stage: finding.stage } } : {}),
    }));
    return [...parseErrors, ...findings];
  });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stagecraft-multistage-lint',
            version: options.toolVersion,
            rules: [
              parseErrorRule,
              ...options.rules.map(rule => ({
                id: rule.id,
                name: pascalCase(rule.id),
                shortDescription: { text: rule.description },
                help: { text: `See ${ruleDocsPath(rule.id)} in the Stagecraft repository.` },
                defaultConfiguration: { level: level[rule.severity as Severity] },
                properties: {
                  category: rule.category,
                  tags: [rule.category, 'dockerfile'],
                  ...(rule.alsoKnownAs ? { buildkitCheck: rule.alsoKnownAs } : {}),
                },
              })),
            ],
          },
        },
        artifacts: reports.map(report => ({ location: { uri: uriFor(report.path) } })),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
