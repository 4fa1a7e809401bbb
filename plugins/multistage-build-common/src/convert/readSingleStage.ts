/*
 * Reads what a single-stage Dockerfile says: its base image, WORKDIR, ENV,
 * ARG, EXPOSE, CMD/ENTRYPOINT and the commands its RUNs execute. Anything
 * that makes the file unfit for conversion (parse errors, no FROM, more than
 * one stage, a base the converter cannot see through) is a failure with the
 * file and line.
 */
import { resolveAnalysisLimits, type AnalysisLimits } from '../limits/analysisLimits';
import { ExpansionBudget } from '../limits/expansionBudget';
import { parseDockerfile } from '../parser/parseDockerfile';
import type { Instruction } from '../parser/types';
import { runScript } from '../shell/runScript';
import { shellCommands } from '../shell/shellCommands';
import { expandVariables } from '../stages/expandVariables';
import { parseImageReference } from '../stages/imageReference';
import { buildStageGraph } from '../stages/stageGraph';
import type { SourceCommand, SourceFacts, SourceImage, SourceSetting } from './types';

export type ReadOutcome = { ok: true; facts: SourceFacts } | { ok: false; reason: string };

/** Joins a WORKDIR value onto the current one, POSIX-style, without Node's `path`. */
export function resolvePath(base: string, next: string): string {
  const joined = next.startsWith('/') ? next : `${base}/${next}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** ENV and LABEL arguments come as (key, value, separator) triples. */
function settingsOf(instruction: Instruction): SourceSetting[] {
  const settings: SourceSetting[] = [];
  for (let i = 0; i + 1 < instruction.args.length; i += 3) {
    settings.push({ name: instruction.args[i], value: instruction.args[i + 1], line: instruction.line });
  }
  return settings;
}

function argsOf(instruction: Instruction): SourceSetting[] {
  return instruction.args.map(word => {
    const eq = word.indexOf('=');
    return eq < 0
      ? { name: word, value: null, line: instruction.line }
      : { name: word.slice(0, eq), value: word.slice(eq + 1), line: instruction.line };
  });
}

function imageOf(text: string, line: number): SourceImage | null {
  const reference = parseImageReference(text);
  if (!reference) return null;
  const repository = reference.registry ? `${reference.registry}/${reference.repository}` : reference.repository;
  const parts = reference.repository.split('/');
  return {
    text,
    repository,
    name: parts[parts.length - 1].toLowerCase(),
    tag: reference.tag,
    digest: reference.digest,
    line,
  };
}

/** Parses the text and reads the facts of its only stage. */
export function readSingleStage(text: string, path: string, limits?: Partial<AnalysisLimits>): ReadOutcome {
  const resolved = resolveAnalysisLimits(limits);
  const budget = new ExpansionBudget(resolved);
  const parsed = parseDockerfile(text, { limits: resolved });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    return { ok: false, reason: `${path}:${first.line}: the file does not parse: ${first.message}` };
  }
  const graph = buildStageGraph(parsed, { budget });
  if (graph.stages.length === 0) {
    return { ok: false, reason: `${path}: no FROM instruction; expected a single-stage Dockerfile` };
  }
  if (graph.stages.length > 1) {
    const lines = graph.stages.map(s => s.line).join(', ');
    return {
      ok: false,
      reason: `${path}:${graph.stages[1].line}: already multi-stage (${graph.stages.length} stages, FROM on lines ${lines}); expected a single-stage Dockerfile`,
    };
  }
  const [stage] = graph.stages;
  if (stage.baseKind === 'scratch') {
    return { ok: false, reason: `${path}:${stage.line}: the base is scratch; expected a language base image` };
  }
  const image = stage.resolvedBase.includes('$') ? null : imageOf(stage.resolvedBase, stage.line);
  if (!image) {
    return {
      ok: false,
      reason: `${path}:${stage.line}: cannot read the base image "${stage.base}"; expected an image reference such as node:20 (a global ARG used in FROM needs a default)`,
    };
  }

  const facts: SourceFacts = {
    path,
    image,
    workdir: '/app',
    workdirGiven: false,
    env: [],
    args: graph.metaArgs.map(a => ({ name: a.name, value: a.defaultValue, line: a.line })),
    labels: [],
    expose: [],
    cmd: null,
    entrypoint: null,
    user: null,
    healthcheck: null,
    volumes: [],
    stopSignal: null,
    commands: [],
    runs: [],
    copiedSources: [],
  };
  const scope = new Map<string, string>();
  const expand = (word: string) => expandVariables(word, scope, parsed.escapeChar, budget.at(undefined)).value;
  let workdir = '/';

  for (const instruction of stage.instructions.slice(1)) {
    switch (instruction.keyword) {
      case 'WORKDIR':
        workdir = resolvePath(workdir, expand(instruction.args[0] ?? '/'));
        facts.workdir = workdir;
        facts.workdirGiven = true;
        break;
      case 'ENV':
        for (const setting of settingsOf(instruction)) {
          facts.env.push(setting);
          scope.set(setting.name, expand(setting.value ?? ''));
        }
        break;
      case 'ARG':
        for (const arg of argsOf(instruction)) {
          facts.args.push(arg);
          if (arg.value !== null && !scope.has(arg.name)) scope.set(arg.name, expand(arg.value));
        }
        break;
      case 'LABEL':
        facts.labels.push(...settingsOf(instruction));
        break;
      case 'EXPOSE':
        facts.expose.push(...instruction.args.map(a => ({ value: expand(a), line: instruction.line })));
        break;
      case 'CMD':
        facts.cmd = instruction;
        break;
      case 'ENTRYPOINT':
        facts.entrypoint = instruction;
        break;
      case 'USER':
        facts.user = instruction;
        break;
      case 'HEALTHCHECK':
        facts.healthcheck = instruction;
        break;
      case 'VOLUME':
        facts.volumes.push(instruction);
        break;
      case 'STOPSIGNAL':
        facts.stopSignal = instruction;
        break;
      case 'RUN': {
        facts.runs.push(instruction);
        const commands: SourceCommand[] = shellCommands(runScript(instruction)).map(c => ({
          words: c.words,
          text: c.text,
          line: instruction.line,
        }));
        facts.commands.push(...commands);
        break;
      }
      case 'COPY':
      case 'ADD':
        if (!instruction.flags.some(f => f.startsWith('--from='))) {
          facts.copiedSources.push(...instruction.args.slice(0, -1));
        }
        break;
      default:
        break;
    }
  }
  if (!facts.workdirGiven && workdir === '/') facts.workdir = '/app';
  return { ok: true, facts };
}

/** True when a RUN or a COPY/ADD source of the input matches, e.g. whether it uses go.sum. */
export function mentions(facts: SourceFacts, pattern: RegExp): boolean {
  return facts.copiedSources.some(s => pattern.test(s)) || facts.runs.some(r => pattern.test(r.original));
}
