/*
 * The one way converter tests convert: the output must parse, pass every
 * rule in the catalog without a warning or an error, list its stages in file
 * order with the runtime last, and (with a test stage) make the runtime
 * depend on the test stage. The converter keeps what the input chose that it
 * cannot judge (the base image's release, `npm install` where no lockfile is
 * known to exist): findings of those rules are allowed only where the input
 * has the same finding, so the converter never adds one.
 */
import { analyzeDockerfile } from '../../analysis/analyzeDockerfile';
import { allRules } from '../../rules';
import { stagesNeededFor } from '../../stages/stageGraph';
import { convertToMultiStage } from '../convertToMultiStage';
import type { ConvertOptions, ConvertSuccess } from '../types';

/** Rules about choices the converter carries over from the input unchanged. */
const carriedFromInput = new Set(['end-of-life-base', 'rolling-base-tag', 'unpinned-base-image', 'install-without-lockfile']);

/** Converts `text` and asserts that the output is clean. */
export function convertChecked(text: string, options: Omit<ConvertOptions, 'text'> = {}): ConvertSuccess {
  const result = convertToMultiStage({ text, ...options });
  if (!result.ok) throw new Error(`expected a conversion, got: ${result.reason}`);
  const { report, graph } = analyzeDockerfile({ path: 'Dockerfile', text: result.text, rules: allRules });
  expect(report.parseErrors).toEqual([]);
  const input = analyzeDockerfile({ path: 'Dockerfile', text, rules: allRules }).report;
  const inInput = new Set(input.findings.filter(f => carriedFromInput.has(f.rule)).map(f => f.rule));
  expect(
    report.findings
      .filter(f => f.severity !== 'info' && !inInput.has(f.rule))
      .map(f => `${f.rule} (line ${f.line}): ${f.message}`),
  ).toEqual([]);
  expect(report.stages.map(s => s.name)).toEqual(result.stages);
  expect(result.stages[result.stages.length - 1]).toBe('runtime');
  const runtime = result.stages.length - 1;
  const needed = stagesNeededFor(graph, runtime).map(i => result.stages[i]);
  expect(needed).toEqual(result.stages);
  return result;
}

/** The text of one stage: its FROM line through its last instruction. */
export function stageText(text: string, name: string): string {
  const blocks = text.split('\n\n');
  const block = blocks.find(b => new RegExp(`^FROM \\S+ AS ${name}$`, 'm').test(b.split('\n')[0]));
  if (!block) throw new Error(`no stage ${name} in:\n${text}`);
  return block.trimEnd();
}

/** Converts and returns the failure reason, failing the test if it converted. */
export function refusal(text: string, options: Omit<ConvertOptions, 'text'> = {}): string {
  const result = convertToMultiStage({ text, ...options });
  if (result.ok) throw new Error(`expected a refusal, got:\n${result.text}`);
  return result.reason;
}
