/*
 * A container that exposes a port is a service, and without a HEALTHCHECK
 * Docker (and Swarm, Compose `depends_on: service_healthy`) only knows
 * whether its process is alive, not whether it answers. EXPOSE and
 * HEALTHCHECK are image config, so both count when set in a stage the final
 * stage is built FROM; `HEALTHCHECK NONE` is an explicit choice and counts.
 * A base image's own HEALTHCHECK cannot be seen from the Dockerfile. There
 * is no fix: the right probe (endpoint, tool in the image) needs a human.
 */
import { defineRule } from '../types';
import { stageLabel } from '../shared/stageLabel';
import { variableUses } from '../shared/variableUses';
import type { Instruction } from '../../parser/types';

/** Names ARG and ENV instructions declare, as `NAME` or `NAME=value` words. */
function declaredNames(instructions: Instruction[]): Set<string> {
  const names = new Set<string>();
  for (const i of instructions) {
    if (i.keyword === 'ARG') i.args.forEach(word => names.add(word.split('=')[0]));
    // ENV args come as name, value, separator triples.
    if (i.keyword === 'ENV') for (let n = 0; n < i.args.length; n += 3) names.add(i.args[n]);
  }
  return names;
}

export const missingHealthcheck = defineRule<{ stage: string; ports: string[] }>({
  id: 'missing-healthcheck',
  severity: 'info',
  enabledByDefault: false,
  category: 'style',
  description: 'The runtime stage exposes a port but has no HEALTHCHECK.',
  message: ({ stage, ports }) =>
    `The image (${stage}) exposes ${ports.length === 1 ? 'port' : 'ports'} ${ports.join(
      ', ',
    )} but has no HEALTHCHECK, so only a dead process counts as unhealthy`,
  check: context => {
    const final = context.finalStage;
    if (!final || !context.shipsImage) return [];
    const inForce = context.shippedStages.flatMap(s => s.instructions);
    const declared = declaredNames(inForce);
    const ports = inForce
      .filter(i => i.keyword === 'EXPOSE')
      .flatMap(i => i.args)
      .filter(port => variableUses(port, context.parsed.escapeChar).every(name => declared.has(name)));
    if (ports.length === 0 || inForce.some(i => i.keyword === 'HEALTHCHECK')) return [];
    return [
      {
        line: final.line,
        endLine: final.instructions[0]?.endLine ?? final.line,
        stage: final.index,
        data: { stage: stageLabel(final), ports: [...new Set(ports)] },
      },
    ];
  },
});
