/*
 * The analyser on real multi-stage Dockerfiles from public projects
 * (src/__fixtures__/real-world, sources in SOURCES.tsv): every file parses as
 * BuildKit parses it, every report keeps its invariants, and every fix the
 * analyser offers leaves a file that still parses and no longer has it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixAll } from '../fixes/applyFixes';
import { parseDockerfile } from '../parser/parseDockerfile';
import { analyzeDockerfile } from './analyzeDockerfile';
import { checkReportInvariants } from './__testUtils__/checkReportInvariants';

const corpusDir = join(__dirname, '../__fixtures__/real-world');
const sources = readFileSync(join(corpusDir, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
const corpus = readdirSync(corpusDir, { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => ({ name: d.name, text: readFileSync(join(corpusDir, d.name, 'Dockerfile'), 'utf8') }));


describe('real-world Dockerfiles', () => {
  it('has every file listed in SOURCES.tsv with its source and licence: 300+ files, 80+ repositories, many ecosystems', () => {
    const rows = sources.map(line => line.split('\t'));
    expect(rows.map(row => row[0]).sort()).toEqual(corpus.map(c => c.name).sort());
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(rows.map(row => row[1])).size).toBeGreaterThanOrEqual(80);
    expect(new Set(rows.map(row => row[4])).size).toBeGreaterThanOrEqual(8);
    for (const [dir, repository, path, commit, , , licence, licenceFrom] of rows) {
      expect({ dir, repository, path, commit, licence, licenceFrom }).toEqual({
        dir,
        repository: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/),
        path: expect.stringMatching(/\S/),
        commit: expect.stringMatching(/^([0-9a-f]{40})?$/),
        licence: expect.stringMatching(/\S/),
        licenceFrom: expect.stringMatching(/\S/),
      });
    }
  });

  describe.each(corpus.map(c => [c.name, c.text] as const))('%s', (name, text) => {
    const { report } = analyzeDockerfile({ path: name, text });

    it('parses without errors into one stage per FROM, with sound report invariants', () => {
      expect(report.parseErrors).toEqual([]);
      const froms = parseDockerfile(text).instructions.filter(i => i.keyword === 'FROM').length;
      expect(report.stages).toHaveLength(froms);
      expect(froms).toBeGreaterThanOrEqual(2);
      expect(checkReportInvariants(report, text)).toEqual([]);
    });

    it('applies every fix into a file that parses and has no fixable findings left', () => {
      const fixable = report.findings.filter(f => f.fix);
      const fixed = fixAll({ path: name, text }).text;
      expect(parseDockerfile(fixed).errors).toEqual([]);
      const after = analyzeDockerfile({ path: name, text: fixed }).report;
      expect(after.findings.filter(f => f.fix).map(f => `${f.rule}:${f.line}`)).toEqual([]);
      // Without fixable findings, nothing may change.
      expect(fixable.length > 0 || fixed === text).toBe(true);
    });
  });
});
