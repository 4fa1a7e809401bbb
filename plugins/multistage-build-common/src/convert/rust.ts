/*
 * Rust recipe: deps fetches crates from Cargo.toml/Cargo.lock into the
 * registry cache; build runs the input's `cargo build` with the registry and
 * the target directory mounted as caches and copies the binary out (a cache
 * mount is not part of the image); test runs `cargo test` with the same
 * profile; the runtime is debian slim (the Debian release of the rust image,
 * so glibc matches) or Alpine for Alpine builds, running as uid 10001.
 */
import { alpineImage, debianSlimImage, isAlpine, splitTag } from './baseImage';
import { argsForCommand } from './carriedSettings';
import { run, testRun } from './dockerfileText';
import { execFormOf, programOf } from './execForm';
import { mentions } from './readSingleStage';
import { runtimeStage } from './runtimeStage';
import { noteUncarriedCommands, toolchainSetup } from './toolchainSetup';
import type { CacheMount, RecipeInput, RecipeOutcome, SourceCommand, StagePlan } from './types';

const defaultRustVersion = '1.83';
const registryCaches: CacheMount[] = [
  { target: '/usr/local/cargo/registry' },
  { target: '/usr/local/cargo/git' },
];

const isCargo = (c: SourceCommand, sub: string) => c.words[0] === 'cargo' && c.words[1] === sub;

function flagValue(words: string[], flag: string): string | undefined {
  const i = words.findIndex(w => w === flag || w.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  return words[i] === flag ? words[i + 1] : words[i].slice(flag.length + 1);
}

/** The target directory the profile writes: release, debug or a custom profile. */
function profileDirectory(words: string[]): string {
  if (words.includes('--release') || words.includes('-r')) return 'release';
  const profile = flagValue(words, '--profile');
  return !profile || profile === 'dev' || profile === 'test' ? 'debug' : profile;
}

/** The cargo flags that choose the profile, for `cargo test` to reuse the build. */
function profileFlags(words: string[]): string {
  if (words.includes('--release') || words.includes('-r')) return ' --release';
  const profile = flagValue(words, '--profile');
  return profile ? ` --profile ${profile}` : '';
}

/** Converts a Rust Dockerfile. */
export function convertRust(input: RecipeInput): RecipeOutcome {
  const { facts, includeTest } = input;
  const build = facts.commands.find(c => isCargo(c, 'build'));
  if (!build) {
    return {
      ok: false,
      reason: `${facts.path}:${facts.image.line}: base image ${facts.image.text} is Rust, but no RUN runs cargo build; expected e.g. RUN cargo build --release`,
    };
  }
  const command = facts.entrypoint ?? facts.cmd;
  const program = command ? programOf(execFormOf(command)) : undefined;
  const name = flagValue(build.words, '--bin') ?? program?.split('/').pop();
  if (!name || ['cargo', 'sh', 'bash'].includes(name)) {
    return {
      ok: false,
      reason: `${facts.path}:${(command ?? build).line}: cannot tell the binary name; expected a CMD or ENTRYPOINT that runs target/release/<name> (or <name>), or cargo build --bin <name>`,
    };
  }
  const notes: string[] = [];
  const { version, variant } = splitTag(facts, defaultRustVersion, notes);
  const runtimeImage = isAlpine(variant) ? alpineImage(variant) : debianSlimImage(variant);
  const binary = `/usr/local/bin/${name}`;
  const caches = [...registryCaches, { target: `${facts.workdir}/target` }];
  const lockfile = mentions(facts, /Cargo\.lock|--locked/);
  const buildScript = `${build.text} \\\n    && cp target/${profileDirectory(build.words)}/${name} ${binary}`;
  const tests = facts.commands.filter(c => isCargo(c, 'test'));
  const testCommand =
    tests.length > 0 ? tests.map(t => t.text).join(' && ') : `cargo test${profileFlags(build.words)}${lockfile ? ' --locked' : ''}`;

  const stages: StagePlan[] = [
    {
      name: 'deps',
      from: `${facts.image.repository}:\${RUST_VERSION}${variant}`,
      instructions: [
        ...toolchainSetup({ facts, notes }),
        `COPY Cargo.toml ${lockfile ? 'Cargo.lock' : 'Cargo.lock*'} ./`,
        // cargo fetch needs a target to read the manifest; a placeholder stands in for the sources.
        run(
          `mkdir -p src && touch src/main.rs \\\n    && cargo fetch${lockfile ? ' --locked' : ''} \\\n    && rm -rf src`,
          registryCaches,
        ),
      ],
    },
    {
      name: 'build',
      from: 'deps',
      instructions: ['COPY . .', ...argsForCommand(facts, build.text), run(buildScript, caches)],
    },
  ];
  if (includeTest) stages.push({ name: 'test', from: 'build', instructions: [testRun(testCommand, caches)] });

  const copies = [`COPY --from=build ${binary} ${binary}`];
  if (!isAlpine(variant)) {
    copies.unshift('COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt');
  }
  const isOurBinary = (word: string) => word === name || word.endsWith(`/${name}`);
  stages.push(
    runtimeStage({
      facts,
      image: runtimeImage,
      copies,
      isBuildSetting: setting => /^(CARGO_\w+|RUSTFLAGS|RUSTUP_\w+)$/.test(setting),
      user: '10001:10001',
      probe: isAlpine(variant) ? 'busybox' : 'bash',
      testStage: includeTest ? 'test' : null,
      rewriteCommand: words => words.map((w, i) => (i === 0 && isOurBinary(w) ? binary : w)),
      defaultCommand: [binary],
      notes,
    }),
  );
  notes.unshift(`Build: \`${build.text}\`; binary ${name} installed at ${binary}; runtime ${runtimeImage}.`);
  notes.push('Workspaces: the deps stage copies only the root Cargo.toml; copy member manifests too if the project has them.');
  if (facts.commands.some(c => /libssl|openssl/.test(c.text))) {
    notes.push('The build installs OpenSSL headers; install the OpenSSL runtime library (e.g. libssl3) in the runtime stage if the binary links it.');
  }
  noteUncarriedCommands(facts, c => ['build', 'test', 'fetch'].some(s => isCargo(c, s)), notes);
  return {
    ok: true,
    plan: { language: 'rust', globalArgs: [{ name: 'RUST_VERSION', value: version }], stages, notes },
  };
}
