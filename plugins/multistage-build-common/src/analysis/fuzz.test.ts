/*
 * The seed run of the fuzz test; bench/fuzz.ts runs the 100k-input version
 * and the linearity check. Same generator, same invariants.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertToMultiStage } from '../convert/convertToMultiStage';
import { applyFixes } from '../fixes/applyFixes';
import { analyzeDockerfile } from './analyzeDockerfile';
import { checkReportInvariants } from './__testUtils__/checkReportInvariants';
import { mutateDockerfile, randomDockerfile, seededRandom } from './__testUtils__/fuzzInputs';

const corpusDir = join(__dirname, '../parser/__fixtures__/buildkit-parser/testfiles');
const corpus = readdirSync(corpusDir).map(d => readFileSync(join(corpusDir, d, 'Dockerfile'), 'utf8'));


describe('fuzz (seed run)', () => {
  it.each([1, 2, 3])('random and mutated Dockerfiles never break the analyser (seed %i)', seed => {
    const random = seededRandom(seed);
    const failures: string[] = [];
    let findings = 0;
    let parseErrors = 0;
    for (let i = 0; i < 700; i++) {
      const text =
        i % 2 === 0
          ? randomDockerfile(random, 1 + Math.floor(random() * 30))
          : mutateDockerfile(random, corpus[Math.floor(random() * corpus.length)]);
      try {
        const { report } = analyzeDockerfile({ path: 'Dockerfile', text });
        const converted = convertToMultiStage({ text });
        if (!converted.ok && !converted.reason) failures.push(`seed ${seed} input ${i}: refused without a reason`);
        findings += report.findings.length;
        parseErrors += report.parseErrors.length;
        const problems = checkReportInvariants(report, text);
        for (const finding of report.findings) if (finding.fix) applyFixes(text, [finding.fix]);
        if (problems.length > 0) failures.push(`seed ${seed} input ${i}: ${problems.join('; ')}\n${JSON.stringify(text)}`);
      } catch (e) {
        failures.push(`seed ${seed} input ${i} threw ${(e as Error).stack}\n${JSON.stringify(text)}`);
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
    // The generator must reach both sides of the parser, or the run proves little.
    expect(findings).toBeGreaterThan(0);
    expect(parseErrors).toBeGreaterThan(0);
  });
});
