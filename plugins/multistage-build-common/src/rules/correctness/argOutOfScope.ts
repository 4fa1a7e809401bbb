/*
 * BuildKit expands variables in ADD, COPY, ENV, EXPOSE, LABEL, STOPSIGNAL,
 * USER, VOLUME and WORKDIR itself, with what the stage has in scope: its own
 * ARGs and ENVs and those of the stage it is built FROM. A global ARG (before
 * the first FROM) is visible inside a stage only after `ARG NAME`, and the
 * automatic platform ARGs (TARGETARCH, ...) only after `ARG TARGETARCH`.
 * Anything else expands to an empty string without an error, so
 * `COPY --from=build /out/app-${VERSION} /app` quietly copies the wrong path.
 *
 * RUN scripts (and the heredocs their shell expands) get the stage's ARGs
 * and ENVs as environment variables, so a global ARG that the stage never
 * redeclares, or `$TARGETARCH` without `ARG TARGETARCH`, is empty there too.
 * BuildKit's UndefinedVar does not look inside RUN; here RUN is checked for
 * names this file declares elsewhere (and the platform ARGs) only, never for
 * names it does not know (the base image or the shell may set them), and not
 * for names the script sets itself (`X=1`, `for X in`, `export X`, `read X`)
 * or a mount's `env=` sets. A script that sources or evals another file may
 * set anything and is skipped. CMD and ENTRYPOINT run in the container, where
 * the image's environment counts, and are left alone. As in BuildKit,
 * `${VAR:-default}` still counts as a use, and ARG defaults are checked too.
 * The environment of a base image cannot be known here (`node` sets
 * NODE_VERSION, `golang` sets GOPATH), so in a stage that starts from an image
 * only names that this file declares somewhere, or platform ARGs, are
 * reported; from `scratch` everything is. Even a name this file declares may
 * come from the image there: search paths and homes (`LD_LIBRARY_PATH`,
 * `PYTHONPATH`, `JAVA_HOME`, any `*PATH` or `*_HOME`) are what base images
 * set, and `ENV X=/more:$X` extends the image's own X. Those are not
 * reported in a stage that starts from an image.
 */
import type { Instruction } from '../../parser/types';
import { flagValue } from '../../stages/stageGraph';
import type { Stage } from '../../stages/types';
import type { RuleContext } from '../ruleContext';
import { stageLabel } from '../shared/stageLabel';
import { execFormScript } from '../../shell/runScript';
import { shellVariables, variableUses } from '../shared/variableUses';
import { defineRule, type Problem } from '../types';

export interface ArgOutOfScopeData {
  name: string;
  reason: 'global' | 'platform' | 'later' | 'other-stage' | 'undeclared';
  /** For `other-stage`: the stage that declares the name. */
  declaredIn: string | null;
}

const alwaysSet = new Set([
  ...['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap(n => [n, n.toLowerCase()]),
  'PATH', // BuildKit gives every stage a default PATH
]);
const platformArgs = new Set(
  ['PLATFORM', 'OS', 'ARCH', 'VARIANT'].flatMap(part => [`TARGET${part}`, `BUILD${part}`]),
);
const expandedByBuildKit = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Names an instruction declares: ARG names and ENV keys. */
function declaredBy(instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') return instruction.args.map(w => w.split('=')[0]);
  if (instruction.keyword === 'ENV') return instruction.args.filter((_, i) => i % 3 === 0);
  return [];
}

/** The text a RUN's shell expands: the command, and heredocs that are the script or have an unquoted delimiter. */
function shellText(instruction: Instruction): string | null {
  const { args, json, heredocs } = instruction;
  const command = json ? execFormScript(args) : args.join(' ');
  if (command === undefined) return null;
  const isScript = /^\s*<<-?['"]?\w/.test(command); // `RUN <<EOF`: the body is the script
  const bodies = heredocs.filter((h, i) => h.expand || (isScript && i === 0)).map(h => h.content);
  return [command, ...bodies].join('\n');
}

/** Names a RUN's mounts put in its environment (`--mount=type=secret,id=npm,env=NPM_TOKEN`). */
const mountEnvNames = (instruction: Instruction) =>
  instruction.flags.flatMap(f => (f.startsWith('--mount=') ? [...f.matchAll(/[=,]env=([A-Za-z_]\w*)/g)].map(m => m[1]) : []));

/** Variables an instruction makes BuildKit (or a RUN's shell) expand, given the names in scope before it. */
function outOfScopeUses(
  instruction: Instruction,
  scope: ReadonlySet<string>,
  escapeChar: string,
  /** The names a RUN may be reported for (platform ARGs and names the file declares). */
  runReportable: ReadonlySet<string>,
): string[] {
  const missing = new Set<string>();
  const checkWord = (word: string, known: ReadonlySet<string>) => {
    // Most words hold no variable at all.
    if (!word.includes('$')) return;
    for (const name of variableUses(word, escapeChar)) if (!known.has(name)) missing.add(name);
  };
  if (instruction.keyword === 'ARG') {
    const known = new Set(scope);
    for (const word of instruction.args) {
      const eq = word.indexOf('=');
      if (eq >= 0) checkWord(word.slice(eq + 1), known);
      known.add(eq < 0 ? word : word.slice(0, eq));
    }
  } else if (instruction.keyword === 'ENV') {
    instruction.args.filter((_, i) => i % 3 === 1).forEach(value => checkWord(value, scope));
  } else if (instruction.keyword === 'RUN') {
    const text = shellText(instruction);
    // Reading the whole script for assignments is costly; most scripts use no
    // variable that could be reported, and those are settled by a quick scan.
    const candidates =
      text === null || !text.includes('$') || !mentionsAny(text, name => runReportable.has(name) && !scope.has(name) && !alwaysSet.has(name))
        ? []
        : variableUses(text, escapeChar).filter(
            name => runReportable.has(name) && !scope.has(name) && !alwaysSet.has(name),
          );
    const vars = candidates.length === 0 ? null : shellVariables(text!);
    if (vars && !vars.opaque) {
      const known = new Set([...scope, ...vars.assigned, ...mountEnvNames(instruction)]);
      vars.used.filter(name => !known.has(name)).forEach(name => missing.add(name));
    }
  } else if (expandedByBuildKit.has(instruction.keyword)) {
    const flags = ['chown', 'chmod'].flatMap(f => flagValue(instruction, f) ?? []);
    [...flags, ...instruction.args].forEach(word => checkWord(word, scope));
  }
  return [...missing].filter(name => !alwaysSet.has(name));
}

const dollarName = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * A quick over-approximation of variableUses: any `$NAME` or `${NAME` in the
 * text, quotes and escapes ignored. When none of those names could be
 * reported, the exact (and far costlier) reading is skipped.
 */
function mentionsAny(text: string, reportable: (name: string) => boolean): boolean {
  for (const match of text.matchAll(dollarName)) if (reportable(match[1])) return true;
  return false;
}

/** Walks every stage with the names in scope before each instruction. */
function walkStages(context: RuleContext, visit: (stage: Stage, instruction: Instruction, scope: Set<string>) => void) {
  const scopeAtEnd = new Map<number, Set<string>>();
  for (const stage of context.graph.stages) {
    const inherited = stage.baseStage === null ? undefined : scopeAtEnd.get(stage.baseStage);
    const scope = new Set(inherited ?? []);
    for (const instruction of stage.instructions.slice(1)) {
      visit(stage, instruction, scope);
      declaredBy(instruction).forEach(name => scope.add(name));
    }
    scopeAtEnd.set(stage.index, scope);
  }
}

/** Names a RUN can be reported for: automatic platform ARGs and names the file declares somewhere. */
function reportableInRun(context: RuleContext): Set<string> {
  const names = new Set(platformArgs);
  for (const arg of context.graph.metaArgs) names.add(arg.name);
  for (const instruction of context.parsed.instructions) declaredBy(instruction).forEach(name => names.add(name));
  return names;
}

/** Search paths and install homes: what base images put in their environment. */
const imageEnvironmentName = /(PATH|_HOME)$/;

/** `ENV X=/more:$X`: the ENV extends the value X already has, from the base image. */
function extendsItself(instruction: Instruction, name: string): boolean {
  return instruction.keyword === 'ENV' && instruction.args.some((word, i) => i % 3 === 0 && word === name);
}

function rootKind(context: RuleContext, stage: Stage): Stage['baseKind'] {
  let root = stage;
  while (root.baseStage !== null && root.baseStage < root.index) root = context.graph.stages[root.baseStage];
  return root.baseKind;
}

function check(context: RuleContext): Problem<ArgOutOfScopeData>[] {
  const globals = new Set(context.graph.metaArgs.map(a => a.name));
  const declaringStage = new Map<string, string>();
  for (const stage of context.graph.stages) {
    for (const instruction of stage.instructions) {
      for (const name of declaredBy(instruction)) if (!declaringStage.has(name)) declaringStage.set(name, stageLabel(stage));
    }
  }
  const problems: Problem<ArgOutOfScopeData>[] = [];
  const runReportable = reportableInRun(context);
  walkStages(context, (stage, instruction, scope) => {
    const fromImage = rootKind(context, stage) !== 'scratch';
    for (const name of outOfScopeUses(instruction, scope, context.parsed.escapeChar, runReportable)) {
      if (fromImage && (imageEnvironmentName.test(name) || extendsItself(instruction, name))) continue;
      let reason: ArgOutOfScopeData['reason'] = 'undeclared';
      if (platformArgs.has(name)) reason = 'platform';
      else if (globals.has(name)) reason = 'global';
      else if (stage.instructions.some(i => declaredBy(i).includes(name))) reason = 'later';
      else if (declaringStage.has(name)) reason = 'other-stage';
      else if (fromImage || instruction.keyword === 'RUN') continue;
      problems.push({
        line: instruction.line,
        endLine: instruction.endLine,
        stage: stage.index,
        data: { name, reason, declaredIn: reason === 'other-stage' ? declaringStage.get(name)! : null },
      });
    }
  });
  return problems;
}

export const argOutOfScope = defineRule<ArgOutOfScopeData>({
  id: 'arg-out-of-scope',
  severity: 'info',
  category: 'correctness',
  description: 'A variable is used where no ARG or ENV of the stage (or the stage it is built FROM) declares it.',
  alsoKnownAs: 'UndefinedVar',
  message: ({ name, reason, declaredIn }) => {
    switch (reason) {
      case 'global':
        return `$${name} is a global ARG, but a stage sees it only after re-declaring it; add "ARG ${name}" to this stage`;
      case 'platform':
        return `$${name} is an automatic platform ARG, but a stage sees it only after declaring it; add "ARG ${name}" to this stage`;
      case 'later':
        return `$${name} is used before this stage declares it (ENV and ARG take effect from the next instruction), so it expands to an empty string here`;
      case 'other-stage':
        return `$${name} is declared in ${declaredIn}, not in this stage or a stage it is built FROM, so it expands to an empty string here`;
      default:
        return `$${name} is not declared by ARG or ENV in this stage or a stage it is built FROM, so it expands to an empty string here`;
    }
  },
  check,
  fix: (context, problem) => {
    const { name, reason } = problem.data;
    if (reason !== 'global' && reason !== 'platform') return null;
    // Declare it once, before the stage's first use, so one fix covers every use.
    let firstUse: Instruction | undefined;
    walkStages(context, (stage, instruction, scope) => {
      if (stage.index !== problem.stage || firstUse) return;
      if (outOfScopeUses(instruction, scope, context.parsed.escapeChar, new Set([name])).includes(name)) firstUse = instruction;
    });
    const stage = problem.stage === null ? undefined : context.graph.stages[problem.stage];
    if (!firstUse || !stage) return null;
    let line = firstUse.line;
    const fromEnd = stage.instructions[0]?.endLine ?? stage.line;
    while (line - 1 > fromEnd && /^\s*#/.test(context.lines[line - 2] ?? '')) line--;
    return { title: `Declare ARG ${name} in the stage`, edits: [{ line, endLine: line - 1, text: `ARG ${name}` }] };
  },
});
