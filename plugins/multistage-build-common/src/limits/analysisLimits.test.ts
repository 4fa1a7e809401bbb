/*
 * Hostile inputs stop at a limit, with the line it was hit on; limits are
 * configurable. These are the inputs that used to stall the backend: 3,000
 * small stages (seconds, quadratic), a 1.3 KB chain of doubling ARGs (a 134 MB
 * string, then a crash).
 */
import { analyzeDockerfile } from '../analysis/analyzeDockerfile';
import { parseDockerfile } from '../parser/parseDockerfile';
import { AnalysisLimitError, defaultAnalysisLimits, resolveAnalysisLimits } from './analysisLimits';

const stages = (n: number) => Array.from({ length: n }, (_, i) => `FROM alpine AS s${i}\nRUN echo ${i}`).join('\n');
const doublingArgs = (n: number) =>
  ['ARG A0=xxxxxxxxxxxxxxxx', ...Array.from({ length: n }, (_, i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`), 'FROM alpine:3.20'].join('\n');

function limitErrorOf(run: () => unknown): AnalysisLimitError {
  try {
    run();
  } catch (e) {
    if (e instanceof AnalysisLimitError) return e;
    throw e;
  }
  throw new Error('expected an AnalysisLimitError');
}

describe('analysis limits', () => {
  it('stops at the first stage over maxStages, naming its line', () => {
    const error = limitErrorOf(() => analyzeDockerfile({ path: 'Dockerfile', text: stages(3000) }));
    expect(error.limit).toBe('maxStages');
    // Stage 501 starts on line 1001 (two lines a stage).
    expect(error.line).toBe(1001);
    expect(error.message).toBe('line 1001: more than 500 stages (limit maxStages)');
  });

  it('analyses the same 3,000 stages when the limit is raised', () => {
    const { report } = analyzeDockerfile({ path: 'Dockerfile', text: stages(3000), limits: { maxStages: 3000 } });
    expect(report.stages).toHaveLength(3000);
  });

  it('stops a chain of doubling ARGs at the ARG whose value passes maxExpandedLength', () => {
    const text = doublingArgs(60);
    expect(text.length).toBeLessThan(1500);
    const error = limitErrorOf(() => analyzeDockerfile({ path: 'Dockerfile', text }));
    expect(error.limit).toBe('maxExpandedLength');
    // 16 characters doubled 12 times is 65,536; the 13th doubling (line 14) passes the limit.
    expect(error.line).toBe(14);
  });

  it('stops many expansions of a long value at maxExpansionWork', () => {
    const long = 'x'.repeat(60_000);
    const text = [`ARG BIG=${long}`, ...Array.from({ length: 100 }, (_, i) => `ARG C${i}=\${BIG}`), 'FROM alpine:3.20'].join('\n');
    const error = limitErrorOf(() => analyzeDockerfile({ path: 'Dockerfile', text }));
    expect(error.limit).toBe('maxExpansionWork');
    expect(error.line).toBeGreaterThan(60);
  });

  it('stops a word that repeats a long value at maxExpandedLength', () => {
    const text = `ARG BIG=${'x'.repeat(40_000)}\nFROM alpine:3.20 AS a\nCOPY --from=\${BIG}\${BIG}\${BIG} /a /a\n`;
    const error = limitErrorOf(() => analyzeDockerfile({ path: 'Dockerfile', text }));
    expect(error.limit).toBe('maxExpandedLength');
    expect(error.line).toBe(3);
  });

  it('stops a physical line, and continuation lines joined, at maxLineLength', () => {
    const long = limitErrorOf(() => parseDockerfile(`FROM alpine:3.20\n\nRUN echo ${'a'.repeat(70_000)}\n`));
    expect([long.limit, long.line]).toEqual(['maxLineLength', 3]);
    const joined = limitErrorOf(() =>
      parseDockerfile(`FROM alpine:3.20\nRUN echo \\\n${'  aaaaaaaaaa \\\n'.repeat(6000)}  done\n`),
    );
    expect([joined.limit, joined.line]).toEqual(['maxLineLength', 2]);
  });

  it('stops ${} nested deeper than maxNestingDepth at its line, in FROM and in ENV', () => {
    const nested = (depth: number) => `${'${A:-'.repeat(depth)}x${'}'.repeat(depth)}`;
    for (const text of [`ARG A\nFROM ${nested(5000)}\n`, `FROM alpine:3.20\nENV B=${nested(5000)}\n`]) {
      const error = limitErrorOf(() => analyzeDockerfile({ path: 'Dockerfile', text }));
      expect([error.limit, error.line]).toEqual(['maxNestingDepth', 2]);
    }
    expect(() => analyzeDockerfile({ path: 'Dockerfile', text: `ARG A\nFROM ${nested(64)}\n` })).not.toThrow();
  });

  it('stops at maxInstructions', () => {
    const text = `FROM alpine:3.20\n${'RUN true\n'.repeat(20)}`;
    const error = limitErrorOf(() => parseDockerfile(text, { limits: { maxInstructions: 10 } }));
    expect([error.limit, error.line]).toEqual(['maxInstructions', 11]);
    expect(parseDockerfile(text, { limits: { maxInstructions: 21 } }).instructions).toHaveLength(21);
  });

  it('resolves limits over the defaults and refuses nonsense', () => {
    expect(resolveAnalysisLimits({ maxStages: 7 })).toEqual({ ...defaultAnalysisLimits, maxStages: 7 });
    expect(() => resolveAnalysisLimits({ maxStages: 0 })).toThrow('analysis limit maxStages must be a positive whole number, got 0');
    expect(() => resolveAnalysisLimits({ maxStages: 1.5 })).toThrow(/positive whole number/);
    expect(() => resolveAnalysisLimits({ maxLines: 3 } as any)).toThrow('unknown analysis limit "maxLines"');
  });

  it('analyses a 400-stage file under the defaults', () => {
    const text = stages(400);
    expect(analyzeDockerfile({ path: 'Dockerfile', text }).report.stages).toHaveLength(400);
  });
});
