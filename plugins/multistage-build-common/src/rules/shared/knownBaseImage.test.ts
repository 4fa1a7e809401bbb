import { parseDockerfile } from '../../parser/parseDockerfile';
import { buildStageGraph } from '../../stages/stageGraph';
import { knownBaseImage } from './knownBaseImage';

const basesOf = (text: string) => {
  const graph = buildStageGraph(parseDockerfile(text));
  return graph.stages.map(stage => knownBaseImage(graph, stage)?.tag ?? null);
};

describe('knownBaseImage', () => {
  it('reads images, with variables expanded by their global defaults', () => {
    expect(basesOf('ARG TAG=edge\nFROM alpine:${TAG}\nFROM node:22')).toEqual(['edge', '22']);
  });

  it('gives up on stages, scratch and variables without a default', () => {
    expect(basesOf('FROM alpine:3.20 AS base\nFROM base\nFROM scratch')).toEqual(['3.20', null, null]);
    expect(basesOf('ARG TAG\nFROM alpine:${TAG}\nFROM node:${NODE}')).toEqual([null, null]);
    expect(basesOf('ARG BASE=scratch\nFROM ${BASE}')).toEqual([null]);
  });
});
