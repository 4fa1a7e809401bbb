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

export const missingHealthcheck = defineRule<{ stage: string; ports: string[] }>({
  id: 'missing-healthcheck',
  severity: 'info',
  category: 'style',
  description: 'The runtime stage exposes a port but has no HEALTHCHECK.',
  message: ({ stage, ports }) =>
    `The image (${stage}) exposes ${ports.length === 1 ? 'port' : 'ports'} ${ports.join(
      ', ',
    )} but has no HEALTHCHECK, so only a dead process counts as unhealthy`,
  check: context => {
    const final = context.finalStage;
    if (!final) return [];
    const inForce = context.shippedStages.flatMap(s => s.instructions);
    const ports = inForce.filter(i => i.keyword === 'EXPOSE').flatMap(i => i.args);
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
