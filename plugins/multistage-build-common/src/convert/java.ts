/*
 * Java recipe (Maven and Gradle, with or without their wrappers): deps
 * resolves dependencies from pom.xml or build.gradle* with the tool's cache
 * mounted; build runs the input's build with tests skipped (the test stage
 * runs them) and puts the jar at <workdir>/app.jar; the runtime is the
 * Temurin JRE of the same Java version, running as uid 10001.
 */
import { argsForCommand } from './carriedSettings';
import { run, testRun } from './dockerfileText';
import { execFormOf, programOf } from './execForm';
import { javaImages } from './javaImages';
import { resolvePath } from './readSingleStage';
import { runtimeStage } from './runtimeStage';
import { noteUncarriedCommands, toolchainSetup } from './toolchainSetup';
import type { CacheMount, RecipeInput, RecipeOutcome, SourceCommand, SourceFacts, StagePlan } from './types';

interface BuildTool {
  kind: 'maven' | 'gradle';
  /** How the input runs the tool: `mvn`, `./mvnw`, `gradle`, `./gradlew`. */
  program: string;
  cache: CacheMount;
  manifests: string[];
  resolve: string;
  test: string;
  /** Where the build leaves jars, relative to the working directory. */
  output: string;
  /** Copies the built jar to the given path when the CMD does not name one. */
  copyJar: (to: string) => string;
}

const programs: Record<string, 'maven' | 'gradle'> = {
  mvn: 'maven',
  './mvnw': 'maven',
  mvnw: 'maven',
  gradle: 'gradle',
  './gradlew': 'gradle',
  gradlew: 'gradle',
};
const buildGoals = { maven: /^(package|install|verify)$/, gradle: /^(build|assemble|bootJar|jar|shadowJar)$/ };
const isToolCommand = (c: SourceCommand) => programs[c.words[0]] !== undefined;
const isBuildCommand = (c: SourceCommand) =>
  isToolCommand(c) && c.words.slice(1).some(w => buildGoals[programs[c.words[0]]].test(w));
const isTestCommand = (c: SourceCommand) => isToolCommand(c) && c.words.includes('test') && !isBuildCommand(c);

function buildToolOf(program: string): BuildTool {
  const wrapper = program.includes('mvnw') || program.includes('gradlew');
  const runnable = wrapper && !program.startsWith('./') ? `./${program}` : program;
  if (programs[program] === 'maven') {
    return {
      kind: 'maven',
      program: runnable,
      cache: { target: '/root/.m2' },
      manifests: wrapper ? ['COPY mvnw pom.xml ./', 'COPY .mvn .mvn'] : ['COPY pom.xml ./'],
      resolve: `${runnable} -B dependency:go-offline`,
      test: `${runnable} -B test`,
      output: 'target',
      copyJar: to => `cp target/*.jar ${to}`,
    };
  }
  return {
    kind: 'gradle',
    program: runnable,
    cache: { target: '/root/.gradle' },
    manifests: [
      ...(wrapper ? ['COPY gradlew ./', 'COPY gradle gradle'] : []),
      'COPY build.gradle* settings.gradle* gradle.properties* ./',
    ],
    resolve: `${runnable} dependencies --no-daemon`,
    test: `${runnable} test --no-daemon`,
    output: 'build/libs',
    // Spring Boot also writes a `-plain.jar` without dependencies; skip it.
    copyJar: to => `find build/libs -maxdepth 1 -name '*.jar' ! -name '*-plain.jar' -exec cp {} ${to} ';'`,
  };
}

/** The input's build with tests left to the test stage, and `install` narrowed to `package`. */
function buildCommand(tool: BuildTool, build: SourceCommand, includeTest: boolean, notes: string[]): string {
  let text = build.text;
  if (tool.kind === 'maven') {
    if (/\sinstall(\s|$)/.test(text)) {
      text = text.replace(/(\s)install(?=\s|$)/, '$1package');
      notes.push('mvn install became mvn package: the local repository is a cache mount, nothing needs installing.');
    }
    if (includeTest && !/-DskipTests|-Dmaven\.test\.skip/.test(text)) text += ' -DskipTests';
  } else {
    if (includeTest && /\s(build|check)(\s|$)/.test(text) && !/-x\s+test/.test(text)) text += ' -x test';
    if (!text.includes('--no-daemon')) text += ' --no-daemon';
  }
  return text;
}

/** The jar the CMD runs, relative to the workdir, when it lies in the build's output directory. */
function jarFromCommand(facts: SourceFacts, tool: BuildTool): string | undefined {
  const command = facts.entrypoint ?? facts.cmd;
  if (!command) return undefined;
  const form = execFormOf(command);
  const words = form.viaShell ? form.words[2].split(/\s+/) : form.words;
  const jar = words[words.indexOf('-jar') + 1];
  if (!words.includes('-jar') || !jar || /[*?$]/.test(jar)) return undefined;
  const absolute = resolvePath(facts.workdir, jar);
  const output = resolvePath(facts.workdir, tool.output);
  return absolute.startsWith(`${output}/`) ? absolute : undefined;
}

/** Converts a Java (Maven or Gradle) Dockerfile. */
export function convertJava(input: RecipeInput): RecipeOutcome {
  const { facts, includeTest } = input;
  const build = facts.commands.find(isBuildCommand);
  if (!build) {
    return {
      ok: false,
      reason: `${facts.path}:${facts.image.line}: base image ${facts.image.text} is Java, but no RUN builds with Maven or Gradle; expected mvn package, ./mvnw package, gradle build or ./gradlew build`,
    };
  }
  const notes: string[] = [];
  const tool = buildToolOf(build.words[0]);
  const images = javaImages(facts, notes);
  const jar = `${facts.workdir}/app.jar`;
  const named = jarFromCommand(facts, tool);
  const script = `${buildCommand(tool, build, includeTest, notes)} \\\n    && ${named ? `cp ${named} ${jar}` : tool.copyJar(jar)}`;
  const tests = facts.commands.filter(isTestCommand);
  const testCommand = tests.length > 0 ? tests.map(t => t.text).join(' && ') : tool.test;

  const stages: StagePlan[] = [
    {
      name: 'deps',
      from: images.buildImage,
      instructions: [...toolchainSetup({ facts, notes }), ...tool.manifests, run(tool.resolve, [tool.cache])],
    },
    {
      name: 'build',
      from: 'deps',
      instructions: ['COPY . .', ...argsForCommand(facts, script), run(script, [tool.cache])],
    },
  ];
  if (includeTest) stages.push({ name: 'test', from: 'build', instructions: [testRun(testCommand, [tool.cache])] });

  const isTool = (word: string | undefined) => word !== undefined && programs[word.split('/').pop() ?? ''] !== undefined;
  const command = facts.entrypoint ?? facts.cmd;
  const runsTool = command !== null && isTool(programOf(execFormOf(command)));
  if (runsTool) notes.push(`${facts.path}:${command.line}: the CMD ran the build tool; the runtime runs the jar instead.`);
  const rewriteCommand = (words: string[]) => {
    // `/bin/sh -c 'java -jar x.jar'`: the script is one word; a bare `/bin/sh` has none.
    if (words[0] === '/bin/sh' && words.length >= 3) {
      return [...words.slice(0, 2), words[2].replace(/-jar\s+\S+/, `-jar ${jar}`), ...words.slice(3)];
    }
    const at = words.indexOf('-jar');
    return at < 0 ? words : words.map((w, i) => (i === at + 1 ? jar : w));
  };
  stages.push(
    runtimeStage({
      facts: runsTool ? { ...facts, cmd: null, entrypoint: null } : facts,
      image: images.runtimeImage,
      copies: [`COPY --from=build ${jar} ${jar}`],
      isBuildSetting: setting => /^(MAVEN_\w+|GRADLE_\w+)$/.test(setting),
      user: '10001:10001',
      probe: images.probe,
      testStage: includeTest ? 'test' : null,
      rewriteCommand,
      defaultCommand: ['java', '-jar', jar],
      notes,
    }),
  );
  notes.unshift(`Build tool: ${tool.kind} (\`${tool.program}\`); the jar runs from ${jar}.`);
  if (!named) notes.push(`The jar is taken from ${tool.output}/*.jar; with several jars there, name the one to run in the CMD (java -jar ${tool.output}/<name>.jar).`);
  notes.push('Multi-module builds: the deps stage copies only the root build files; copy the modules\' build files too.');
  noteUncarriedCommands(facts, isToolCommand, notes);
  return { ok: true, plan: { language: 'java', globalArgs: images.globalArgs, stages, notes } };
}
