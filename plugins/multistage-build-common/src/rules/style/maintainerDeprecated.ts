import { defineRule } from '../types';

/** MAINTAINER is deprecated; the same information belongs in a label. */
export const maintainerDeprecated = defineRule<{ maintainer: string }>({
  id: 'maintainer-deprecated',
  severity: 'info',
  category: 'style',
  description: 'MAINTAINER is deprecated; use the org.opencontainers.image.authors label.',
  alsoKnownAs: 'MaintainerDeprecated',
  message: ({ maintainer }) =>
    `MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="${maintainer}" instead`,
  check: context =>
    context.parsed.instructions
      .filter(i => i.keyword === 'MAINTAINER')
      .map(i => ({
        line: i.line,
        endLine: i.endLine,
        stage: context.stageOf(i)?.index ?? null,
        data: { maintainer: i.args.join(' ') },
      })),
  fix: (_context, problem) => ({
    title: 'Replace MAINTAINER with an authors label',
    edits: [
      {
        line: problem.line,
        endLine: problem.endLine,
        text: `LABEL org.opencontainers.image.authors=${JSON.stringify(problem.data.maintainer)}`,
      },
    ],
  }),
});
