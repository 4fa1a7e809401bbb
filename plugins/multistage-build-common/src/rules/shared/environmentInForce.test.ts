import { parseDockerfile } from '../../parser/parseDockerfile';
import { buildStageGraph } from '../../stages/stageGraph';
import { environmentInForce } from './environmentInForce';

const envAtLastRun = (text: string) => {
  const parsed = parseDockerfile(text);
  const graph = buildStageGraph(parsed);
  const run = parsed.instructions.filter(i => i.keyword === 'RUN').pop()!;
  return Object.fromEntries(environmentInForce(graph, run));
};

describe('environmentInForce', () => {
  it('collects ENV and ARG of the lineage before the instruction', () => {
    const text = 'FROM node:22 AS base\nENV CI=true\nENV NODE_ENV production\nFROM base\nARG TOKEN\nARG MODE="fast"\nENV HOME_DIR=$HOME\nRUN x\nENV LATER=1';
    expect(envAtLastRun(text)).toEqual({ CI: 'true', NODE_ENV: 'production', TOKEN: null, MODE: 'fast', HOME_DIR: null });
  });

  it('does not see other stages or instructions after the RUN', () => {
    expect(envAtLastRun('FROM a AS one\nENV CI=1\nFROM b\nRUN x\nENV CI=1')).toEqual({});
  });
});
