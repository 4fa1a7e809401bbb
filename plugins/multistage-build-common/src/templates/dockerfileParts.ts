/*
 * Pieces every template writes the same way: the header, the RUN that adds
 * Debian packages to a runtime image (apt's caches mounted, so no layer keeps
 * the index) and the .dockerignore basics. Instruction text itself (RUN with
 * mounts, exec form, the test marker, HEALTHCHECK timing) is the converter's,
 * so converted and templated Dockerfiles read the same.
 */
import { aptCaches, run } from '../convert/dockerfileText';
import type { ServiceTemplate, TemplateStage } from './types';

export { copyTestMarker, healthTiming, jsonArray, run, testRun, testsPassedMarker } from '../convert/dockerfileText';
export type { CacheMount } from '../convert/types';

/** The comment block at the top of a rendered Dockerfile. */
export function header(template: Pick<ServiceTemplate, 'id' | 'title'>, stages: TemplateStage[]): string {
  const optional = stages.filter(s => s.optional).map(s => s.name);
  return [
    `# ${template.title}: rendered from Stagecraft's ${template.id} template.`,
    '# Needs BuildKit (the default builder since Docker 23) for the cache mounts.',
    optional.length > 0
      ? `# The last stage is the default target; ${optional.join(' and ')} ${optional.length === 1 ? 'is' : 'are'} built only with --target.`
      : '# The last stage is the default target.',
    '# Base images are build args, so a registry mirror can stand in: --build-arg NAME=image.',
  ].join('\n');
}

/** A stage's comment line from its description. */
export function stageComment(stages: TemplateStage[], name: string): string {
  const stage = stages.find(s => s.name === name);
  if (!stage) throw new Error(`template stage ${name} has no description`);
  return `# ${name}: ${stage.description}`;
}

/** `RUN` that installs Debian packages with apt's caches mounted, or nothing for an empty list. */
export function aptInstall(packages: string[]): string[] {
  if (packages.length === 0) return [];
  const install = [
    'rm -f /etc/apt/apt.conf.d/docker-clean',
    'apt-get update',
    `apt-get install -y --no-install-recommends ${packages.join(' ')}`,
  ];
  return [run(install.join(' \\\n    && '), aptCaches)];
}

/** Joins Dockerfile sections with blank lines and ends the text with a newline. */
export function dockerfileText(sections: (string | string[])[]): string {
  return `${sections
    .map(section => (Array.isArray(section) ? section.filter(Boolean).join('\n') : section))
    .filter(Boolean)
    .join('\n\n')}\n`;
}

/** The .dockerignore: what every context leaves out, then the language's own entries. */
export function dockerignore(entries: string[]): string {
  return `${[
    '# Version control, editor and OS files',
    '.git',
    '.gitignore',
    '.vscode',
    '.idea',
    '**/.DS_Store',
    '# Files that change the build context without changing the image',
    'Dockerfile*',
    '.dockerignore',
    'catalog-info.yaml',
    '# Secrets never belong in a build context',
    '.env',
    '.env.*',
    '**/*.pem',
    '**/*.key',
    ...entries,
  ].join('\n')}\n`;
}
