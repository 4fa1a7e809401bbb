/*
 * Go recipe: deps downloads modules from go.mod/go.sum; build runs the
 * input's `go build` with module and build caches mounted; test runs
 * `go test`; the runtime holds the binary alone. A static binary
 * (CGO_ENABLED=0, the default here) runs on distroless/static; when a port
 * needs a HEALTHCHECK or the CMD needs a shell, on debian slim (bash probes
 * the port); a cgo binary on the libc it was built against.
 */
import { alpineImage, debianSlimImage, isAlpine, splitTag } from './baseImage';
import { argsForCommand, exposedPorts } from './carriedSettings';
import { run, testRun } from './dockerfileText';
import { commandNeedsShell, execFormOf, programOf } from './execForm';
import { mentions, resolvePath } from './readSingleStage';
import { runtimeStage, type HealthProbe } from './runtimeStage';
import { noteUncarriedCommands, toolchainSetup } from './toolchainSetup';
import type { CacheMount, RecipeInput, RecipeOutcome, SourceCommand, SourceFacts, StagePlan } from './types';

const defaultGoVersion = '1.23';
const moduleCache: CacheMount = { target: '/go/pkg/mod' };
const buildCache: CacheMount = { target: '/root/.cache/go-build' };

/** Skips `NAME=value` prefixes: `CGO_ENABLED=0 go build` runs `go`. */
function commandWords(words: string[]): string[] {
  let i = 0;
  while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i])) i++;
  return words.slice(i);
}

const isGo = (c: SourceCommand, sub: string) => {
  const words = commandWords(c.words);
  return words[0] === 'go' && words[1] === sub;
};

/** The `-o` value of a go build, if any. */
function outputFlag(words: string[]): string | undefined {
  const i = words.findIndex(w => w === '-o' || w.startsWith('-o='));
  if (i < 0) return undefined;
  return words[i] === '-o' ? words[i + 1] : words[i].slice(3);
}

/**
 * The `cd` and `go generate` commands before the build in its RUN, carried
 * with it so that relative paths resolve and generated code exists.
 */
function preludeOf(facts: SourceFacts, build: SourceCommand): { prelude: string[]; dir: string } {
  const sameRun = facts.commands.filter(c => c.line === build.line);
  const prelude: string[] = [];
  let dir = facts.workdir;
  for (const command of sameRun.slice(0, sameRun.indexOf(build))) {
    if (command.words[0] === 'cd' && command.words[1]) {
      prelude.push(command.text);
      dir = resolvePath(dir, command.words[1]);
    } else if (isGo(command, 'generate')) {
      prelude.push(command.text);
    }
  }
  return { prelude, dir };
}

/** Converts a Go Dockerfile. */
export function convertGo(input: RecipeInput): RecipeOutcome {
  const { facts, includeTest } = input;
  const build = facts.commands.find(c => isGo(c, 'build'));
  if (!build) {
    return {
      ok: false,
      reason: `${facts.path}:${facts.image.line}: base image ${facts.image.text} is Go, but no RUN runs go build; expected e.g. RUN go build -o /app/server .`,
    };
  }
  const notes: string[] = [];
  const { prelude, dir } = preludeOf(facts, build);
  const command = facts.entrypoint ?? facts.cmd;
  const program = command ? programOf(execFormOf(command)) : undefined;
  const output = outputFlag(commandWords(build.words));
  let buildText = build.text;
  let binary: string;
  if (output) {
    binary = resolvePath(dir, output);
  } else if (program) {
    binary = program.includes('/') ? resolvePath(facts.workdir, program) : `/usr/local/bin/${program}`;
    buildText = buildText.replace(/\bgo\s+build\b/, `go build -o ${binary}`);
  } else {
    return {
      ok: false,
      reason: `${facts.path}:${build.line}: \`${build.text}\` has no -o and there is no CMD or ENTRYPOINT naming the binary; expected go build -o <path>`,
    };
  }

  const { version, variant } = splitTag(facts, defaultGoVersion, notes);
  const cgoSetting = [...facts.env.map(e => `${e.name}=${e.value}`), ...build.words].find(w => w.startsWith('CGO_ENABLED='));
  const cgo = cgoSetting !== undefined && !/=["']?0/.test(cgoSetting);
  const needsShell = commandNeedsShell([facts.entrypoint, facts.cmd]);
  const hasPort = exposedPorts(facts, []).length > 0;
  let runtimeImage = 'gcr.io/distroless/static-debian12:nonroot';
  let user = '65532:65532';
  let probe: HealthProbe | null = null;
  if (cgo || needsShell || hasPort) {
    runtimeImage = cgo && isAlpine(variant) ? alpineImage(variant) : debianSlimImage(variant);
    user = '10001:10001';
    probe = runtimeImage.startsWith('alpine') ? 'busybox' : 'bash';
  }

  const buildScript = [...prelude, buildText].join(' && ');
  const goSum = mentions(facts, /go\.sum/) ? 'go.sum' : 'go.sum*';
  const tests = facts.commands.filter(c => isGo(c, 'test') || isGo(c, 'vet'));
  const testCommand = tests.length > 0 ? tests.map(t => t.text).join(' && ') : 'go test ./...';
  const stages: StagePlan[] = [
    {
      name: 'deps',
      from: `${facts.image.repository}:\${GO_VERSION}${variant}`,
      instructions: [
        ...toolchainSetup({ facts, notes, env: cgo || facts.env.some(e => e.name === 'CGO_ENABLED') ? [] : [{ name: 'CGO_ENABLED', value: '0' }] }),
        `COPY go.mod ${goSum} ./`,
        run('go mod download', [moduleCache]),
      ],
    },
    {
      name: 'build',
      from: 'deps',
      instructions: ['COPY . .', ...argsForCommand(facts, buildScript), run(buildScript, [moduleCache, buildCache])],
    },
  ];
  if (includeTest) {
    stages.push({ name: 'test', from: 'build', instructions: [testRun(testCommand, [moduleCache, buildCache])] });
  }
  const copies = [`COPY --from=build ${binary} ${binary}`];
  if (!runtimeImage.startsWith('gcr.io/distroless') && !runtimeImage.startsWith('alpine')) {
    copies.unshift('COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt');
  }
  stages.push(
    runtimeStage({
      facts,
      image: runtimeImage,
      copies,
      isBuildSetting: name => /^(CGO_\w+|GO\w+)$/.test(name),
      user,
      probe,
      testStage: includeTest ? 'test' : null,
      defaultCommand: [binary],
      notes,
    }),
  );
  notes.unshift(`Build: \`${buildScript}\`; binary ${binary}; runtime ${runtimeImage}${cgo ? ' (cgo)' : ''}.`);
  if (probe === 'bash' && !needsShell && !cgo) {
    notes.push('The runtime is debian slim rather than distroless/static so that the HEALTHCHECK can probe the exposed port.');
  }
  noteUncarriedCommands(facts, c => ['build', 'test', 'vet', 'mod', 'get'].some(s => isGo(c, s)) || (c.line === build.line && isGo(c, 'generate')), notes);
  return {
    ok: true,
    plan: { language: 'go', globalArgs: [{ name: 'GO_VERSION', value: version }], stages, notes },
  };
}
