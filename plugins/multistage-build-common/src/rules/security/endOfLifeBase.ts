/*
 * A base image on a release past its end of life gets no more security
 * fixes: every CVE found in its runtime or distribution from then on stays in
 * the shipped image, however often it is rebuilt. Only the stages the shipped
 * image is built FROM count (a build stage's compiler never runs in
 * production), and only when the target is an image that ships. The dates
 * come from one dated table (shared/endOfLifeReleases.ts), so a finding names
 * the table's date and stays the same from one day to the next.
 */
import { endOfLifeReleases, isEndOfLife } from '../shared/endOfLifeReleases';
import { releasesOfImage } from '../shared/imageReleases';
import { knownBaseImage } from '../shared/knownBaseImage';
import { defineRule, type Problem } from '../types';

interface Data {
  image: string;
  /** The release as users know it, e.g. `Node.js 16` or `Debian 10 (buster)`. */
  release: string;
  eol: string;
  asOf: string;
}

export const endOfLifeBase = defineRule<Data>({
  id: 'end-of-life-base',
  severity: 'warning',
  category: 'security',
  description: 'The shipped image is based on a runtime or distribution release that no longer gets security fixes.',
  message: ({ image, release, eol, asOf }) =>
    `The shipped image is built on \`${image}\`, ${release}, whose security support ended on ${eol} ` +
    `(endoflife.date, table dated ${asOf}); move to a supported release`,
  check: context => {
    if (!context.shipsImage) return [];
    const problems: Problem<Data>[] = [];
    // Oldest ancestor first, so findings come out in file order.
    for (const stage of [...context.shippedStages].reverse()) {
      const reference = knownBaseImage(context.graph, stage, context.parsed.escapeChar);
      if (!reference) continue;
      for (const { product, release } of releasesOfImage(reference)) {
        if (!isEndOfLife(release)) continue;
        const label = endOfLifeReleases.products[product].label;
        const codename = release.codename && product !== 'nodejs' ? ` (${release.codename})` : '';
        problems.push({
          line: stage.line,
          endLine: stage.instructions[0].endLine,
          stage: stage.index,
          data: { image: stage.resolvedBase, release: `${label} ${release.cycle}${codename}`, eol: release.eol, asOf: endOfLifeReleases.asOf },
        });
      }
    }
    return problems;
  },
});
