/*
 * A single-stage file ships everything it took to build the application:
 * compilers, dev dependencies, sources, caches. Splitting build and runtime
 * into stages is the main lever on image size, and it also lets BuildKit
 * cache and parallelise the build steps separately.
 */
import { convertToMultiStage } from '../../convert/convertToMultiStage';
import { compilersInstalledBy } from '../shared/buildToolchains';
import { installsDevDependencies, packageCommandsIn } from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule } from '../types';

/** Commands that compile without going through a package manager. */
const compilers = /^(make|cmake|ninja|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|javac|tsc|rustc)$/;

function nodeEnvIsProduction(value: string | undefined): boolean {
  return value !== undefined && /^["']?production["']?$/.test(value);
}

/** What the only stage does that belongs in a build stage, as a short phrase; null when nothing does. */
function buildStep(context: RuleContext): string | null {
  const stage = context.graph.stages[0];
  let nodeEnvProduction = false;
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ENV') {
      // ENV args come as [name, value, separator] triples.
      for (let i = 0; i + 1 < instruction.args.length; i += 3) {
        if (instruction.args[i] === 'NODE_ENV') nodeEnvProduction = nodeEnvIsProduction(instruction.args[i + 1]);
      }
    }
    if (instruction.keyword !== 'RUN') continue;
    const tools = compilersInstalledBy(context, instruction);
    if (tools.length > 0) return `installs ${tools.join(', ')}`;
    const commands = context.commandsOf(instruction);
    for (const pc of packageCommandsIn(commands)) {
      const nodeEnv = pc.command.words.find(w => w.startsWith('NODE_ENV='));
      const production = nodeEnv ? nodeEnvIsProduction(nodeEnv.slice('NODE_ENV='.length)) : nodeEnvProduction;
      if (pc.action === 'build') return `compiles (\`${pc.command.words.join(' ')}\`)`;
      if (installsDevDependencies(pc, { nodeEnvProduction: production })) {
        return `installs dev dependencies (\`${pc.command.words.join(' ')}\`)`;
      }
    }
    const compile = commands.find(c => compilers.test(c.words[0] ?? ''));
    if (compile) return `compiles (\`${compile.words.join(' ')}\`)`;
  }
  return null;
}

export const singleStageBuild = defineRule<{ reason: string }>({
  id: 'single-stage-build',
  severity: 'warning',
  category: 'size',
  description: 'A single-stage Dockerfile compiles or installs dev dependencies, so the build tooling ships.',
  message: ({ reason }) =>
    `This single-stage build ${reason}, so the tooling ships in the image; build in one stage and copy only the artifacts into a runtime stage`,
  check: context => {
    if (context.graph.stages.length !== 1) return [];
    const reason = buildStep(context);
    if (reason === null) return [];
    const from = context.graph.stages[0].instructions[0];
    return [{ line: from.line, endLine: from.endLine, stage: 0, data: { reason } }];
  },
  fix: context => {
    // The converter knows Node, Python, Go, Java and Rust layouts; for anything
    // else it says why not, and the finding simply has no fix.
    const converted = convertToMultiStage({ text: context.lines.join('\n') });
    if (!converted.ok) return null;
    return {
      title: `Convert to a multi-stage ${converted.language} build (stages ${converted.stages.join(', ')})`,
      edits: [{ line: 1, endLine: context.parsed.lineCount, text: converted.text.replace(/\n$/, '') }],
    };
  },
});
