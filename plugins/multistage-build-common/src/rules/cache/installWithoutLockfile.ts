/*
 * `npm install`, `yarn install`, `pnpm install` and `bun install` follow the
 * lockfile only while it agrees with package.json; when they disagree, they
 * resolve versions afresh and rewrite the lockfile instead of failing. The
 * image then holds dependency versions nobody reviewed, and two builds of one
 * commit can differ. `npm ci` and the frozen/immutable flags fail instead.
 * pnpm and Yarn 2+ are frozen by default when a CI variable is set, which a
 * docker build does not do unless the Dockerfile sets one; then they are left
 * alone. Installs of named packages (`npm install lodash`) add to the
 * manifest on purpose and are not this rule's.
 *
 * Only an install that can see a lockfile is judged: one copied in before it
 * (by name, `package*.json`, or the whole context). Without one
 * there is nothing to freeze (some projects build without a lockfile on
 * purpose, `lockfile=false`), and `--frozen-lockfile` would fail. Nor an
 * install right after a script of the same RUN (`node pinVersions.js &&
 * yarn`), which may rewrite the manifest so that no lockfile can match.
 */
import { runText } from '../shared/runText';
import type { Instruction } from '../../parser/types';
import type { ShellCommand } from '../../shell/shellCommands';
import { baseName, copySources } from '../shared/copySources';
import { environmentInForce } from '../shared/environmentInForce';
import { packageCommand } from '../shared/packageManagers';
import { withoutLeadingKeywords } from '../shared/shellKeywords';
import { lineageInstructions } from '../shared/stageLineage';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Fix, type Problem } from '../types';

type Manager = 'npm' | 'yarn' | 'pnpm' | 'bun';

interface Data {
  command: string;
  manager: Manager;
}

const advice: Record<Manager, string> = {
  npm: 'use `npm ci`, which installs exactly the lockfile and fails when it is out of date',
  yarn: 'add --frozen-lockfile (Yarn 1) or --immutable (Yarn 2+)',
  pnpm: 'add --frozen-lockfile',
  bun: 'add --frozen-lockfile',
};

/** Variables ci-info (which pnpm and Yarn read) takes as "running in CI", unless CI=false. */
const ciVariables = ['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_ID', 'BUILD_NUMBER', 'CI_APP_ID', 'CI_BUILD_ID', 'CI_BUILD_NUMBER', 'CI_NAME', 'RUN_ID'];

/** Whether pnpm or Yarn would see a CI environment; an unknown value counts, so the rule stays quiet. */
function inCi(env: Map<string, string | null>): boolean {
  if (env.get('CI') === 'false') return false;
  const immutable = env.get('YARN_ENABLE_IMMUTABLE_INSTALLS');
  if (immutable !== undefined && immutable !== 'false' && immutable !== '0') return true;
  return ciVariables.some(name => env.has(name) && env.get(name) !== '');
}

const lockfileName = /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|package\*\.json|\*\.lock|\*)$/;

/**
 * The sources of the COPY (and, with `add`, ADD) instructions that bring files from the build context into the
 * lineage before `instruction`; null when the instruction is in no stage.
 */
function contextSourcesBefore(context: RuleContext, instruction: Instruction, add: boolean): string[] | null {
  const stage = context.stageOf(instruction);
  if (!stage) return null;
  const inForce = lineageInstructions(context.graph, stage);
  return inForce
    .slice(0, inForce.indexOf(instruction))
    .filter(i => (i.keyword === 'COPY' || (add && i.keyword === 'ADD')) && !i.flags.some(f => /^--from=/i.test(f)))
    .flatMap(copySources);
}

/** Whether a COPY/ADD from the build context before `instruction` may bring a lockfile. */
function lockfileVisible(context: RuleContext, instruction: Instruction): boolean {
  const sources = contextSourcesBefore(context, instruction, true);
  // The whole context may hold one; a file is judged by its name. A workspace package's folder
  // (`packages/server`) does not: the lockfile of a workspace sits at its root.
  return sources === null || sources.some(source => lockfileName.test(baseName(source)) || /^\.?\/?\.?$/.test(source));
}

/** A command that runs a project script (`node pinVersions.js`, `./scripts/prepare.sh`, `sh x.sh`). */
const runsScript = (words: string[]) =>
  /^(node|sh|bash|python3?)$/.test(words[0] ?? '') ? /\.(m?js|cjs|sh|py)$/.test(words[1] ?? '') : /^\.{0,2}\//.test(words[0] ?? '');

const frozen = (flags: string[]) => flags.some(f => /^--(frozen-lockfile|immutable)(=true)?$/.test(f));

/** The manager of an install that does not hold to the lockfile; null for any other command. */
function looseInstall(written: ShellCommand, env: () => Map<string, string | null>): Manager | null {
  const command = withoutLeadingKeywords(written);
  const words = command.words.filter(w => !/^[A-Za-z_]\w*=/.test(w));
  if (words[0] === 'bun') {
    const positional = words.slice(1).filter(w => !w.startsWith('-'));
    const isInstall = positional.length === 1 && (positional[0] === 'install' || positional[0] === 'i');
    return isInstall && !frozen(words) ? 'bun' : null;
  }
  const pc = packageCommand(command);
  if (!pc || pc.action !== 'install' || pc.operands.length > 0 || frozen(pc.flags)) return null;
  if (pc.flags.some(f => f === '-g' || f === '--global')) return null;
  const ciEnv = () => {
    const inForce = new Map(env());
    for (const word of command.words) {
      const eq = word.indexOf('=');
      if (eq > 0 && /^[A-Za-z_]\w*$/.test(word.slice(0, eq))) inForce.set(word.slice(0, eq), word.slice(eq + 1));
    }
    return inCi(inForce);
  };
  switch (pc.manager) {
    case 'npm':
      return /^(i|in|ins|inst|insta|instal|install|isnt|isntall|add)$/.test(pc.subcommand) ? 'npm' : null;
    case 'yarn':
      return (pc.subcommand === 'install' || pc.subcommand === '') && !ciEnv() ? 'yarn' : null;
    case 'pnpm':
      return /^(install|i)$/.test(pc.subcommand) && !pc.offline && !ciEnv() ? 'pnpm' : null;
    default:
      return null;
  }
}

/** An npm lockfile visibly copied into the lineage before the install: `npm ci` will find it. */
function lockfileCopied(context: RuleContext, instruction: Instruction): boolean {
  const sources = contextSourcesBefore(context, instruction, false) ?? [];
  return sources.some(source => /^(package-lock\.json|npm-shrinkwrap\.json|package\*\.json)$/.test(baseName(source)));
}

function fixFor(context: RuleContext, problem: Problem<Data>): Fix | null {
  const instruction = context.instructionAt(problem.line);
  if (!instruction || instruction.json || !/^npm (install|i)$/.test(problem.data.command)) return null;
  if (!lockfileCopied(context, instruction)) return null;
  const lines = context.lines.slice(instruction.line - 1, instruction.endLine);
  const matches = lines.flatMap((text, i) => [...text.matchAll(/\bnpm\s+(install|i)\b/g)].map(m => ({ i, m })));
  if (matches.length !== 1) return null;
  const [{ i, m }] = matches;
  const text = `${lines[i].slice(0, m.index)}npm ci${lines[i].slice(m.index! + m[0].length)}`;
  const line = instruction.line + i;
  return { title: 'Use npm ci', edits: [{ line, endLine: line, text }] };
}

export const installWithoutLockfile = defineRule<Data>({
  id: 'install-without-lockfile',
  severity: 'warning',
  category: 'cache',
  description: 'A dependency install resolves new versions instead of failing when the lockfile is out of date.',
  message: ({ command, manager }) =>
    `\`${command}\` does not hold to the lockfile: when it is out of date, it resolves new versions instead of failing; ${advice[manager]}`,
  check: context =>
    context.parsed.instructions.flatMap(instruction => {
      // Most RUNs name no JavaScript package manager: skip them before reading their commands.
      if (instruction.keyword !== 'RUN' || !/\b(npm|yarn|pnpm|bun)\b/.test(runText(instruction))) return [];
      let env: Map<string, string | null> | undefined;
      const envInForce = () => (env ??= environmentInForce(context.graph, instruction));
      const seen = new Set<string>();
      if (!lockfileVisible(context, instruction)) return [];
      const commands = context.commandsOf(instruction);
      return commands.flatMap((command, at) => {
        if (commands.slice(0, at).some(earlier => runsScript(withoutLeadingKeywords(earlier).words))) return [];
        const manager = looseInstall(command, envInForce);
        const text = withoutLeadingKeywords(command).words.join(' ');
        // The same command in two branches (`if ...; then x; else x; fi`) is one finding.
        if (manager === null || seen.has(text)) return [];
        seen.add(text);
        return [{
          line: instruction.line,
          endLine: instruction.endLine,
          stage: context.stageOf(instruction)?.index ?? null,
          data: { command: text, manager },
        }];
      });
    }),
  fix: fixFor,
});
