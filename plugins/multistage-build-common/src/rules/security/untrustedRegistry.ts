/*
 * Teams that mirror or vet their base images (a registry proxy, an internal
 * registry of approved images) want every FROM to come from those registries;
 * an image pulled from anywhere else skips the vetting. The list comes from
 * configuration (`trustedRegistries` in the `--config` file or the API's
 * options), as in hadolint's DL3026; without a list the rule has nothing to
 * judge and reports nothing. An image without a registry comes from Docker
 * Hub, named `docker.io` here. Stage references, `scratch` and bases left
 * open by a variable with no default are not images to judge.
 */
import { dockerHubRegistries, parseImageReference } from '../../stages/imageReference';
import { stageLabel } from '../shared/stageLabel';
import { defineRule } from '../types';

interface Data {
  image: string;
  registry: string;
  stage: string;
  trusted: string[];
}

/** Docker Hub's registry hosts, and the website's name, which people write in a trusted list too. */
const isDockerHub = (host: string) => dockerHubRegistries.has(host) || host === 'hub.docker.com';

function sameRegistry(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || (isDockerHub(x) && isDockerHub(y));
}

export const untrustedRegistry = defineRule<Data>({
  id: 'untrusted-registry',
  severity: 'warning',
  category: 'security',
  description: 'A base image comes from a registry that is not in the configured list of trusted registries.',
  message: ({ image, registry, stage, trusted }) =>
    `${stage} is built on ${image} from ${registry}, which is not a trusted registry (${trusted.join(', ')})`,
  check: context => {
    const trusted = context.trustedRegistries;
    if (trusted.length === 0) return [];
    return context.graph.stages
      .filter(stage => stage.baseKind === 'image' || stage.baseKind === 'variable')
      .flatMap(stage => {
        if (stage.resolvedBase.includes('$') || stage.resolvedBase === '') return [];
        const reference = parseImageReference(stage.resolvedBase);
        if (!reference) return [];
        const registry = reference.registry ?? 'docker.io';
        if (trusted.some(t => sameRegistry(t, registry))) return [];
        return [
          {
            line: stage.line,
            endLine: stage.instructions[0]?.endLine ?? stage.line,
            stage: stage.index,
            data: { image: stage.resolvedBase, registry, stage: stageLabel(stage), trusted: [...trusted] },
          },
        ];
      });
  },
});
