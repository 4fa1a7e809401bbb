/*
 * Upgrading the base image's packages inside the build makes the result
 * depend on the day the layer was built, and the layer cache then freezes
 * that day's versions until something above it changes. It also duplicates
 * every upgraded file in a new layer. A newer base tag (or a rebuilt base)
 * gets the fixes reproducibly. Info only: it is a trade-off, not a mistake.
 */
import { packageCommandsIn } from '../shared/packageManagers';
import { defineRule } from '../types';

export const packageUpgrade = defineRule<{ command: string }>({
  id: 'package-upgrade',
  severity: 'info',
  enabledByDefault: false,
  category: 'cache',
  description: '`apt-get upgrade`, `dist-upgrade` or `apk upgrade` runs inside the build.',
  message: ({ command }) =>
    `\`${command}\` upgrades the base image's packages inside the build, so the result depends on when the layer was cached; use a newer base image instead`,
  check: context =>
    context.parsed.instructions.flatMap(instruction => {
      if (instruction.keyword !== 'RUN') return [];
      const upgrade = packageCommandsIn(context.commandsOf(instruction)).find(
        pc => pc.action === 'upgrade' && (pc.manager === 'apt' || pc.manager === 'apk'),
      );
      if (!upgrade) return [];
      return [{
        line: instruction.line,
        endLine: instruction.endLine,
        stage: context.stageOf(instruction)?.index ?? null,
        data: { command: upgrade.command.words.join(' ') },
      }];
    }),
});
