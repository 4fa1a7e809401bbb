/*
 * A base without a tag means `latest`, and `latest` moves: the same
 * Dockerfile builds on a different OS or runtime from one week to the next,
 * and a fresh pull invalidates every cached layer above FROM. Digests pin
 * exactly; tags at least pin a version line. A FROM that is only a variable
 * (`FROM ${BASE}`) is the caller's choice and excluded; a partly variable
 * one (`FROM ${REGISTRY}/node`) is judged by its resolved value.
 */
import { parseImageReference } from '../../stages/imageReference';
import { defineRule } from '../types';

interface Data {
  image: string;
  latest: boolean;
}

const onlyVariable = /^\$(\w+|\{[^}]*\})$/;

export const unpinnedBaseImage = defineRule<Data>({
  id: 'unpinned-base-image',
  severity: 'warning',
  category: 'cache',
  description: 'A base image has no tag or uses `latest`.',
  message: ({ image, latest }) =>
    latest
      ? `\`${image}\` uses the latest tag, which moves between builds; pin a version tag or a digest`
      : `\`${image}\` has no tag, so it means latest and moves between builds; pin a version tag or a digest`,
  check: context =>
    context.graph.stages.flatMap(stage => {
      if (stage.baseKind === 'stage' || stage.baseKind === 'scratch') return [];
      if (stage.baseKind === 'variable' && onlyVariable.test(stage.base)) return [];
      const reference = parseImageReference(stage.resolvedBase);
      if (!reference || reference.digest !== null) return [];
      const latest = reference.tag === 'latest';
      if (reference.tag !== null && !latest) return [];
      const from = stage.instructions[0];
      return [{ line: from.line, endLine: from.endLine, stage: stage.index, data: { image: stage.resolvedBase, latest } }];
    }),
});
