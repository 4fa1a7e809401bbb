/*
 * What the converter carries over from the input's ENV, ARG, LABEL and
 * EXPOSE. Build-tool settings go to the build stages, the rest to the
 * runtime stage. A setting that looks like a credential is not carried into
 * the image, and one that refers to a variable the output cannot declare is
 * left out rather than expanded to nothing; both are noted.
 */
import { expandVariables } from '../stages/expandVariables';
import { envInstruction, settingValue } from './dockerfileText';
import type { SourceFacts, SourceSetting } from './types';

/** A name that reads like a credential: password, token, secret, key, ... */
export function looksLikeSecret(name: string): boolean {
  return /(^|_)(PASSWORD|PASSWD|PASS|PWD|TOKEN|SECRET|KEY|APIKEY|CREDENTIALS?|AUTH|PRIVATE)(_|$)/i.test(name);
}

export interface CarriedSettings {
  /** Settings for the stage, in order. */
  settings: { name: string; value: string }[];
  /** ARG lines the settings need, to put before them. */
  argLines: string[];
}

function argLine(arg: SourceSetting): string {
  return arg.value === null ? `ARG ${arg.name}` : `ARG ${arg.name}=${arg.value}`;
}

/**
 * Picks the settings that `select` accepts and checks what they refer to:
 * earlier settings in the same list and the input's ARGs are fine (the ARGs
 * are declared again), anything else drops the setting with a note.
 */
export function carrySettings(options: {
  facts: SourceFacts;
  settings: SourceSetting[];
  keyword: 'ENV' | 'LABEL';
  select: (name: string) => boolean;
  notes: string[];
}): CarriedSettings {
  const { facts, notes } = options;
  const settings: CarriedSettings['settings'] = [];
  const argLines: string[] = [];
  const known = new Set<string>();
  for (const setting of options.settings) {
    if (!options.select(setting.name)) continue;
    const where = `${facts.path}:${setting.line}`;
    if (options.keyword === 'ENV' && looksLikeSecret(setting.name)) {
      notes.push(`${where}: ENV ${setting.name} looks like a credential and was not copied into the image; pass it at run time or use a build secret.`);
      continue;
    }
    const used = expandVariables(setting.value ?? '', new Map()).used;
    const args = used.map(name => facts.args.find(a => a.name === name));
    const unknown = used.filter((name, i) => !known.has(name) && !args[i]);
    if (unknown.length > 0) {
      notes.push(`${where}: ${options.keyword} ${setting.name} refers to ${unknown.map(n => `$${n}`).join(', ')}, which the converted stages do not declare; it was left out.`);
      continue;
    }
    args.forEach((arg, i) => {
      if (arg && !known.has(used[i]) && !argLines.includes(argLine(arg))) argLines.push(argLine(arg));
    });
    settings.push({ name: setting.name, value: setting.value ?? '' });
    known.add(setting.name);
  }
  return { settings, argLines };
}

/** The ARG, ENV instructions for a stage, or nothing when there are no settings. */
export function envLines(carried: CarriedSettings): string[] {
  if (carried.settings.length === 0) return [];
  return [...carried.argLines, envInstruction(carried.settings)];
}

/** The ARG, LABEL instructions for the runtime stage. */
export function labelLines(carried: CarriedSettings): string[] {
  if (carried.settings.length === 0) return [];
  return [
    ...carried.argLines,
    `LABEL ${carried.settings.map(s => `${s.name}=${settingValue(s.value)}`).join(' ')}`,
  ];
}

/** ENV names that configure the build tools rather than the running app. */
export const buildToolSetting =
  /^(CGO_\w+|GO\w+|CARGO_\w+|RUSTFLAGS|RUSTUP_\w+|MAVEN_\w+|GRADLE_\w+|PIP_\w+|POETRY_\w+|NPM_CONFIG_\w+|YARN_\w+|PNPM_\w+|COREPACK_\w+)$/i;

/**
 * ARG lines for the variables a carried command refers to, so that the
 * command sees the same values as in the input.
 */
export function argsForCommand(facts: SourceFacts, command: string): string[] {
  const used = expandVariables(command, new Map()).used;
  const lines: string[] = [];
  for (const name of used) {
    const arg = facts.args.find(a => a.name === name);
    if (arg && !lines.includes(argLine(arg))) lines.push(argLine(arg));
  }
  return lines;
}

/** Valid EXPOSE values (`8080`, `53/udp`); invalid ones are left out with a note. */
export function exposedPorts(facts: SourceFacts, notes: string[]): string[] {
  const ports: string[] = [];
  for (const { value, line } of facts.expose) {
    const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(value);
    const port = match ? Number(match[1]) : 0;
    if (!match || port < 1 || port > 65535) {
      notes.push(`${facts.path}:${line}: EXPOSE ${value} is not a port (expected e.g. 8080 or 53/udp); left out.`);
      continue;
    }
    const text = match[2] ? `${port}/${match[2].toLowerCase()}` : String(port);
    if (!ports.includes(text)) ports.push(text);
  }
  return ports;
}
