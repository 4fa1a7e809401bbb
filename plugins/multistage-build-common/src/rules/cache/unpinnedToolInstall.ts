/*
 * `npm install -g typescript`, `pip install poetry` or `go install x@latest`
 * fetch whatever release is newest when the layer is built. Two builds of the
 * same Dockerfile then carry different tools, a new major release can break
 * the build with no change to the file, and the cached layer hides which
 * version an image really has. A version in the command pins it, and a
 * changed version is a visible change that rebuilds the layer on purpose.
 * Like hadolint's DL3016/DL3013/DL3028, but narrower: dependency installs
 * from a manifest or lockfile are install-without-lockfile's concern.
 */
import { withoutLeadingKeywords } from '../shared/shellKeywords';
import { toolInstall, type Installer } from '../shared/toolInstalls';
import { defineRule } from '../types';

interface Data {
  installer: Installer;
  packages: string[];
}

/** How each installer takes a version. */
const pinExample: Record<Installer, string> = {
  'npm install -g': '<name>@<version>',
  'pnpm add -g': '<name>@<version>',
  'yarn global add': '<name>@<version>',
  'pip install': '<name>==<version>',
  'go install': '<module>@v<version>',
  'cargo install': '<crate>@<version> or --version',
  'gem install': '<name>:<version> or -v <version>',
};

export const unpinnedToolInstall = defineRule<Data>({
  id: 'unpinned-tool-install',
  severity: 'info',
  enabledByDefault: false,
  category: 'cache',
  description: 'A global tool install names no version, so each build may get a different release.',
  message: ({ installer, packages }) =>
    `\`${installer}\` installs ${packages.join(', ')} without pinning a version, so each build may get a different release; pin it (${pinExample[installer]})`,
  check: context =>
    context.parsed.instructions.flatMap(instruction => {
      if (instruction.keyword !== 'RUN') return [];
      const seen = new Set<string>();
      return context.commandsOf(instruction).flatMap(command => {
        const install = toolInstall(command);
        const text = withoutLeadingKeywords(command).words.join(' ');
        // The same command in two branches (`if ...; then x; else x; fi`) is one finding.
        if (!install || install.unpinned.length === 0 || seen.has(text)) return [];
        seen.add(text);
        return [{
          line: instruction.line,
          endLine: instruction.endLine,
          stage: context.stageOf(instruction)?.index ?? null,
          data: { installer: install.installer, packages: install.unpinned },
        }];
      });
    }),
});
