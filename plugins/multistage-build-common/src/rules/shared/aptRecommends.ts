/*
 * Whether apt installs Recommends: by default it does, unless the command
 * line says otherwise or an apt configuration file turns it off. A
 * configuration file copied in from the build context cannot be read, so it
 * counts as turning it off: rules about recommends must not guess.
 */
import type { Instruction } from '../../parser/types';
import { runScript } from '../../shell/runScript';
import type { ShellCommand } from '../../shell/shellCommands';

/** A false value, quoted or not, the quotes possibly escaped inside a shell string. */
const falseValue = '\\\\?["\']?(false|0|no|off)\\b';
/** `-o APT::Install-Recommends=false` on the command line. */
const optionOff = new RegExp(`^(-o|--option=)?APT::Install-Recommends=${falseValue}$`, 'i');
/** `APT::Install-Recommends "0";` in a configuration text. */
const configOff = new RegExp(`APT::Install-Recommends\\s*(=\\s*|\\s+)${falseValue}`, 'i');

/** The command line of an apt install turns Recommends off. */
export function commandSkipsRecommends(command: ShellCommand): boolean {
  return command.words.some(w => w === '--no-install-recommends' || optionOff.test(w));
}

/**
 * The instruction writes apt configuration that turns Recommends off, or
 * copies a file into apt's configuration whose content cannot be seen here.
 */
export function configuresNoRecommends(instruction: Instruction): boolean {
  if (instruction.keyword === 'RUN') return configOff.test(runScript(instruction));
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const destination = instruction.args[instruction.args.length - 1] ?? '';
    return /^\/etc\/apt\/apt\.conf(\.d|$|\/)/.test(destination) || configOff.test(instruction.heredocs.map(h => h.content).join('\n'));
  }
  return false;
}
