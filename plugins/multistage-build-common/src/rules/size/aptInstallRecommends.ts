/*
 * apt installs each package's Recommends by default: `apt-get install curl`
 * also brings ca-certificates' friends, man pages, locales and whatever else
 * the maintainers recommend, often doubling what lands in the layer. In the
 * shipped image that is size and attack surface nothing asked for. Build
 * stages are thrown away, so there the extra packages cost nothing but a few
 * seconds, and the rule leaves them alone.
 */
import { runText } from '../shared/runText';
import type { Instruction } from '../../parser/types';
import { commandSkipsRecommends, configuresNoRecommends } from '../shared/aptRecommends';
import { packageCommand, type PackageCommand } from '../shared/packageManagers';
import { withoutLeadingKeywords } from '../shared/shellKeywords';
import { lineageInstructions } from '../shared/stageLineage';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Fix, type Problem } from '../types';

/** An install as written: `apt-get install` or `apt install`, flags between allowed. */
const writtenInstall = /\bapt(?:-get)?(?:\s+-[^\s]+)*\s+install(?=\s|$)/g;

/** apt-get and apt installs, not aptitude (whose flag is `--without-recommends`). */
function aptInstalls(context: RuleContext, instruction: Instruction): PackageCommand[] {
  return context.commandsOf(instruction).flatMap(c => packageCommand(withoutLeadingKeywords(c)) ?? []).filter(
    pc => pc.manager === 'apt' && pc.action === 'install' && !pc.command.words.some(w => /(^|\/)aptitude$/.test(w)),
  );
}

/**
 * An install the rule can judge: it names packages, and no word is a whole
 * variable that might hold `--no-install-recommends` itself.
 */
function installsRecommends(pc: PackageCommand): boolean {
  if (pc.operands.length === 0 || commandSkipsRecommends(pc.command)) return false;
  return !pc.command.words.some(w => w.startsWith('$'));
}

function fixFor(context: RuleContext, problem: Problem<{ command: string }>): Fix | null {
  const instruction = context.instructionAt(problem.line);
  if (!instruction || instruction.json || aptInstalls(context, instruction).length !== 1) return null;
  const lines = context.lines.slice(instruction.line - 1, instruction.endLine);
  const matches = lines.flatMap((text, i) => [...text.matchAll(writtenInstall)].map(m => ({ i, m })));
  if (matches.length !== 1) return null;
  const [{ i, m }] = matches;
  const end = m.index! + m[0].length;
  const text = `${lines[i].slice(0, end)} --no-install-recommends${lines[i].slice(end)}`;
  const line = instruction.line + i;
  return { title: 'Add --no-install-recommends', edits: [{ line, endLine: line, text }] };
}

export const aptInstallRecommends = defineRule<{ command: string }>({
  id: 'apt-install-recommends',
  severity: 'info',
  enabledByDefault: false,
  category: 'size',
  description: 'An apt install in the shipped image also installs recommended packages.',
  message: ({ command }) =>
    `\`${command}\` also installs every recommended package into the shipped image; add --no-install-recommends and list what is really needed`,
  check: context => {
    if (!context.shipsImage) return [];
    const problems: Problem<{ command: string }>[] = [];
    for (const stage of [...context.shippedStages].reverse()) {
      if (lineageInstructions(context.graph, stage).some(configuresNoRecommends)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN' || !/\bapt(-get)?\b/.test(runText(instruction))) continue;
        const commands = new Set(aptInstalls(context, instruction).filter(installsRecommends).map(pc => pc.command.words.join(' ')));
        // The same install in two branches (`if ...; then x; else x; fi`) is one finding.
        for (const command of commands) {
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: { command },
          });
        }
      }
    }
    return problems;
  },
  fix: fixFor,
});
