/*
 * A base without a tag means `latest`, and `latest` moves: the same
 * Dockerfile builds on a different OS or runtime from one week to the next,
 * and a fresh pull invalidates every cached layer above FROM. Digests pin
 * exactly; tags at least pin a version line. A FROM that is only a variable
 * (`FROM ${BASE}`) is judged by the default its global ARG gives it
 * (`ARG BASE=alpine` is as unpinned as `FROM alpine`); with no default it is
 * the caller's choice and excluded. A partly variable one
 * (`FROM ${REGISTRY}/node`) is judged by its resolved value.
 */
import { parseImageReference } from '../../stages/imageReference';
import { defineRule } from '../types';
import type { RuleContext } from '../ruleContext';
import type { Stage } from '../../stages/types';
import { programWords } from '../shared/executedCommands';

interface Data {
  image: string;
  latest: boolean;
}

const onlyVariable = /^\$(\w+|\{[^}]*\})$/;

/** Commands of a helper stage that only downloads and unpacks files for another stage to copy. */
const fetchCommand = /^(wget|curl|tar|unzip|gunzip|xz|mkdir|mv|cp|chmod|ln|rm|sha256sum|sha512sum|gpg|echo|set|cd|true|apk|apt-get)$/;

/**
 * A stage outside the shipped image whose RUNs only fetch and unpack (`FROM
 * alpine` + `wget | tar` of a pinned release): its own base version does not
 * change what it hands on, so an unpinned base there is no defect.
 */
function onlyFetches(context: RuleContext, stage: Stage): boolean {
  const runs = stage.instructions.filter(i => i.keyword === 'RUN');
  // A stage with no RUN is the image itself, copied from: its version is what it hands on.
  return runs.length > 0 && runs.every(i => context.commandsOf(i).every(c => fetchCommand.test(programWords(c.words)[0] ?? 'true')));
}

export const unpinnedBaseImage = defineRule<Data>({
  id: 'unpinned-base-image',
  severity: 'info',
  enabledByDefault: false,
  category: 'cache',
  description: 'A base image has no tag or uses `latest`.',
  message: ({ image, latest }) =>
    latest
      ? `\`${image}\` uses the latest tag, which moves between builds; pin a version tag or a digest`
      : `\`${image}\` has no tag, so it means latest and moves between builds; pin a version tag or a digest`,
  check: context =>
    context.graph.stages.flatMap(stage => {
      if (stage.baseKind === 'stage' || stage.baseKind === 'scratch') return [];
      if (!context.shippedStages.includes(stage) && onlyFetches(context, stage)) return [];
      // `FROM ${BASE}` with no default for BASE: the build's caller chooses.
      if (stage.baseKind === 'variable' && onlyVariable.test(stage.base) && (stage.resolvedBase === '' || stage.resolvedBase.includes('$'))) return [];
      const reference = parseImageReference(stage.resolvedBase);
      if (!reference || reference.digest !== null) return [];
      const latest = reference.tag === 'latest';
      if (reference.tag !== null && !latest) return [];
      const from = stage.instructions[0];
      return [{ line: from.line, endLine: from.endLine, stage: stage.index, data: { image: stage.resolvedBase, latest } }];
    }),
});
