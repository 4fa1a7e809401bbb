/*
 * The catalog as a whole: the ids of shared/RULES.md are a contract, every
 * rule has a test file and a docs page whose bad example triggers it and whose
 * good example does not, and the generated table is current.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDockerfile } from '../analysis/analyzeDockerfile';
import { fixAll } from '../fixes/applyFixes';
import { parseDockerfile } from '../parser/parseDockerfile';
import { allRules } from '.';
import { ruleCatalogMarkdown } from './ruleCatalogMarkdown';

const repoRoot = join(__dirname, '../../../..');

/** The ids and default severities of shared/RULES.md, verbatim. */
const contract: Record<string, string> = {
  'undefined-stage': 'error',
  'forward-stage-reference': 'warning',
  'stage-cycle': 'error',
  'duplicate-stage-name': 'error',
  'misplaced-parser-directive': 'warning',
  'flag-inside-command': 'error',
  'arg-out-of-scope': 'info',
  'undefined-arg-in-from': 'error',
  'default-target-not-runtime': 'warning',
  // Severities changed by issue 12 from judged precision on the real-world corpus: see each docs page.
  'gate-stage-bypassed': 'info',
  'swallowed-failure': 'warning',
  'cache-mount-defeated': 'warning',
  'unreachable-stage': 'info',
  'build-tools-in-final-stage': 'info',
  'single-stage-build': 'warning',
  'duplicate-stage-setup': 'info',
  'cleanup-in-separate-layer': 'warning',
  'copy-entire-stage': 'warning',
  'copy-all-before-install': 'warning',
  'missing-cache-mount': 'info',
  'apt-update-alone': 'warning',
  'volatile-arg-early': 'info',
  'unpinned-base-image': 'info',
  'package-upgrade': 'info',
  'root-final-stage': 'info',
  'secret-in-arg-env': 'info',
  'secret-file-copied': 'error',
  'curl-pipe-shell': 'warning',
  'add-remote-url': 'warning',
  'add-instead-of-copy': 'info',
  'json-args-recommended': 'info',
  'stage-name-casing': 'info',
  'from-as-casing': 'info',
  'maintainer-deprecated': 'info',
  'workdir-relative-path': 'warning',
  'legacy-env-format': 'info',
  'multiple-cmd': 'warning',
  'missing-healthcheck': 'info',
  'expose-invalid': 'warning',
  // New rules (issue 12); not in shared/RULES.md, documented in docs/rules/.
  'untrusted-registry': 'warning',
  'runtime-on-build-platform': 'warning',
  'version-constraint-redirect': 'warning',
  'secret-mount-persisted': 'error',
  'world-writable-permissions': 'info',
  'chown-after-copy': 'info',
  'apt-install-recommends': 'info',
  'rolling-base-tag': 'warning',
  'unpinned-tool-install': 'info',
  'install-without-lockfile': 'warning',
  'end-of-life-base': 'warning',
};

function exampleAfter(markdown: string, heading: string): string | undefined {
  const at = markdown.indexOf(`\n## ${heading}\n`);
  if (at < 0) return undefined;
  const block = /```dockerfile\n([\s\S]*?)```/.exec(markdown.slice(at));
  return block?.[1];
}

describe('rule catalog', () => {
  it('implements exactly the contract ids with their default severities', () => {
    expect(Object.fromEntries(allRules.map(r => [r.id, r.severity]))).toEqual(contract);
    expect(new Set(allRules.map(r => r.id)).size).toBe(allRules.length);
  });

  describe.each(allRules.map(r => [r.id, r] as const))('%s', (id, rule) => {
    const docsPath = join(repoRoot, 'docs/rules', `${id}.md`);
    const docs = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : '';

    it('has a one-sentence description and a test file', () => {
      expect(rule.description).toMatch(/^[A-Z`].*\.$/);
      const camel = id.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      const folders = readdirSync(__dirname, { withFileTypes: true }).filter(d => d.isDirectory());
      expect(folders.filter(d => existsSync(join(__dirname, d.name, `${camel}.test.ts`)))).toHaveLength(1);
    });

    it('has a docs page whose bad example fires and good example does not', () => {
      expect(docs).toMatch(new RegExp(`^# ${id}\\n`));
      for (const section of ['## What', '## Why', '## Bad', '## Good']) expect(docs).toContain(section);
      const bad = exampleAfter(docs, 'Bad');
      const good = exampleAfter(docs, 'Good');
      expect(bad).toBeDefined();
      expect(good).toBeDefined();
      // A list of trusted registries for untrusted-registry, which judges nothing without one.
      const run = (text: string) =>
        analyzeDockerfile({ path: `${id}.md`, text, rules: [rule], trustedRegistries: ['registry.example.com'] }).report;
      expect(run(bad!).findings.length).toBeGreaterThan(0);
      expect(run(good!).findings).toEqual([]);
      expect(run(good!).parseErrors).toEqual([]);
    });

    it('fixes its bad example into a file that parses and no longer has the finding, when it has a fix', () => {
      const bad = exampleAfter(docs, 'Bad') ?? '';
      const findings = analyzeDockerfile({ path: 'bad', text: bad, rules: [rule], trustedRegistries: ['registry.example.com'] }).report.findings;
      // The docs say whether a fix exists (some apply only to certain occurrences).
      expect(/^- Fix:/m.test(docs)).toBe(Boolean(rule.fix));
      if (!findings.some(f => f.fix)) return;
      const fixed = fixAll({ text: bad, rules: [rule] }).text;
      expect(parseDockerfile(fixed).errors).toEqual([]);
      expect(analyzeDockerfile({ path: 'fixed', text: fixed, rules: [rule] }).report.findings.filter(f => f.fix)).toEqual([]);
    });
  });

  it('keeps docs/rules/README.md generated from the catalog', () => {
    const table = readFileSync(join(repoRoot, 'docs/rules/README.md'), 'utf8');
    expect(table).toBe(ruleCatalogMarkdown(allRules));
  });
});
