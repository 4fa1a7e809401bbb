/*
 * The opening of the first build-side stage, shared by the recipes: WORKDIR,
 * the input's system packages and its build-tool settings. Also the note for
 * RUN commands the recipe did not take over, so nothing is dropped silently.
 */
import { buildToolSetting, carrySettings, envLines } from './carriedSettings';
import { isPackageHousekeeping, isSystemPackageInstall, systemPackageLines } from './systemPackages';
import type { SourceCommand, SourceFacts } from './types';

/** Settings that switch a package manager's cache off, which would waste the cache mount. */
const cacheDefeating = /^(PIP_NO_CACHE_DIR|NPM_CONFIG_CACHE|YARN_CACHE_FOLDER)$/i;

export interface ToolchainSetupOptions {
  facts: SourceFacts;
  notes: string[];
  /** Settings the recipe needs in its build stages. */
  env?: { name: string; value: string }[];
}

/** WORKDIR, system packages and build-tool ENV for the first build stage. */
export function toolchainSetup(options: ToolchainSetupOptions): string[] {
  const { facts, notes } = options;
  const recipeEnv = options.env ?? [];
  for (const setting of facts.env.filter(s => cacheDefeating.test(s.name))) {
    notes.push(`${facts.path}:${setting.line}: ENV ${setting.name} was left out: it would bypass the cache mount.`);
  }
  const carried = carrySettings({
    facts,
    settings: facts.env,
    keyword: 'ENV',
    select: name =>
      buildToolSetting.test(name) && !cacheDefeating.test(name) && !recipeEnv.some(e => e.name === name),
    notes,
  });
  return [
    `WORKDIR ${facts.workdir}`,
    ...systemPackageLines(facts, notes),
    ...envLines({ settings: [...recipeEnv, ...carried.settings], argLines: carried.argLines }),
  ];
}

/** Commands that need no carrying: `cd`, `mkdir`, `echo` and the like. */
function isIncidental(command: SourceCommand): boolean {
  return ['cd', 'mkdir', 'echo', 'true', 'set', 'ls', 'pwd'].includes(command.words[0]);
}

/** Notes each input command that the recipe neither took over nor replaced. */
export function noteUncarriedCommands(
  facts: SourceFacts,
  isHandled: (command: SourceCommand) => boolean,
  notes: string[],
): void {
  for (const command of facts.commands) {
    if (isHandled(command) || isIncidental(command)) continue;
    if (isSystemPackageInstall(command) || isPackageHousekeeping(command)) continue;
    notes.push(`${facts.path}:${command.line}: \`${command.text}\` was not carried over; add it to the stage where it belongs.`);
  }
}
