/*
 * `RUN apt-get update` on its own becomes a cached layer: later builds reuse
 * the old package index while the `apt-get install` below it changes, so
 * installs hit versions the mirrors no longer carry (404s) or silently stay
 * old. Updating and installing in one RUN keeps index and install together.
 * An install the package reader does not see as apt's still counts: through
 * a wrapper (`xx-apt-get install`, `install_packages`, a script), or inside
 * `if ... then ... fi`. Any other command of the RUN with a word that says
 * install or upgrade, or an apt `download`, `source`, `build-dep` or
 * `satisfy`, means the index is used where it was fetched.
 */
import type { Instruction } from '../../parser/types';
import { packageCommandsIn } from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule } from '../types';

const isMergeable = (context: RuleContext, i: Instruction) =>
  i.keyword === 'RUN' && !i.json && i.heredocs.length === 0 && i.line === i.endLine &&
  context.commandsOf(i).every(c => c.next === null || c.next === '&&');

export const aptUpdateAlone = defineRule<{ command: string }>({
  id: 'apt-update-alone',
  severity: 'warning',
  category: 'cache',
  description: '`apt-get update` runs in an instruction without an install, so its cached index goes stale.',
  message: ({ command }) =>
    `\`${command}\` runs without an install in the same RUN, so its cached layer keeps a stale package index for later installs; update and install in one RUN`,
  check: context =>
    context.parsed.instructions.flatMap(instruction => {
      if (instruction.keyword !== 'RUN') return [];
      const apt = packageCommandsIn(context.commandsOf(instruction)).filter(pc => pc.manager === 'apt');
      const update = apt.find(pc => pc.action === 'update');
      if (!update || apt.some(pc => pc.action === 'install' || pc.action === 'upgrade')) return [];
      const others = context.commandsOf(instruction).filter(c => c !== update.command);
      if (others.some(c => c.words.some(w => /install|upgrade|^(download|source|build-dep|satisfy)$/i.test(w)))) return [];
      return [{
        line: instruction.line,
        endLine: instruction.endLine,
        stage: context.stageOf(instruction)?.index ?? null,
        data: { command: update.command.words.join(' ') },
      }];
    }),
  fix: (context, problem) => {
    const stage = context.graph.stages.find(s => s.index === problem.stage);
    const position = stage?.instructions.findIndex(i => i.line === problem.line) ?? -1;
    const update = stage?.instructions[position];
    const next = stage?.instructions[position + 1];
    if (!update || !next || !isMergeable(context, update) || !isMergeable(context, next)) return null;
    if (update.flags.join(' ') !== next.flags.join(' ')) return null;
    if (!packageCommandsIn(context.commandsOf(next)).some(pc => pc.manager === 'apt' && pc.action === 'install')) return null;
    const first = context.lines[update.line - 1].replace(/\s+$/, '');
    if (first.includes('#')) return null; // a trailing comment would swallow the merged install
    const between = context.lines.slice(update.line, next.line - 1).filter(l => l.trim() !== '');
    return {
      title: 'Merge apt-get update into the install RUN',
      edits: [{ line: update.line, endLine: next.endLine, text: [...between, `${first} && ${next.args.join(' ')}`].join('\n') }],
    };
  },
});
