/*
 * Recognises the commands whose exit status is the point of running them:
 * tests, linters, audits, builds and security scans. A failing `npm test` must
 * fail the build; masking it (`|| true`) turns a gate into decoration.
 */

export type VerificationKind = 'test' | 'lint' | 'audit' | 'build' | 'scan';

/** Words that only run the words after them: `sudo`, `npx`, `poetry run`, ... */
const wrappers = [
  'sudo', 'time', 'nice', 'exec', 'command', 'npx', 'bunx', 'pnpx', 'poetry run', 'uv run', 'pipenv run',
  'pdm run', 'hatch run', 'bundle exec', 'npm exec', 'pnpm exec', 'pnpm dlx', 'yarn exec', 'yarn dlx',
  'python -m', 'python3 -m', 'dotnet tool run',
].map(w => w.split(' '));

const binaries: [VerificationKind, RegExp][] = [
  ['test', /^(pytest|py\.test|tox|nox|jest|vitest|mocha|karma|ava|tap|phpunit|pest|rspec|ctest|bats|unittest|behave|cucumber(-js)?|playwright|cypress|gotestsum)$/],
  ['lint', /^(eslint|tsc|prettier|stylelint|golangci-lint|staticcheck|revive|flake8|ruff|pylint|mypy|pyright|black|isort|hadolint|shellcheck|rubocop|ktlint|detekt|tflint|phpstan|psalm|phpcs|clang-tidy|cppcheck|markdownlint|yamllint|biome|oxlint)$/],
  ['audit', /^(pip-audit|safety|bandit|osv-scanner|govulncheck|gosec|audit-ci|better-npm-audit|retire|bundler-audit|brakeman)$/],
  ['scan', /^(trivy|grype|snyk|clamscan|semgrep|checkov|dockle|kics|gitleaks|trufflehog)$/],
  ['build', /^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|rustc|javac|ninja|webpack|rollup|esbuild|parcel|swc|nx|turbo)$/],
];

/** What a package-manager script name says it does, e.g. `test:unit`, `lint`, `build:prod`. */
function scriptKind(script: string | undefined): VerificationKind | null {
  if (!script) return null;
  if (/^(test|tests|spec|e2e|coverage|t)(\W|$)/.test(script)) return 'test';
  if (/^(lint|typecheck|type-check|check|format:check|fmt:check|prettier:check)(\W|$)/.test(script)) return 'lint';
  if (/^audit(\W|$)/.test(script)) return 'audit';
  if (/^(build|compile|bundle|dist)(\W|$)/.test(script)) return 'build';
  return null;
}

/** A table lookup that a subcommand named `constructor` cannot fool. */
function kindOf(word: string | undefined, table: Record<string, VerificationKind>): VerificationKind | null {
  return word !== undefined && Object.prototype.hasOwnProperty.call(table, word) ? table[word] : null;
}

function subcommandKind(tool: string, args: string[]): VerificationKind | null {
  const [sub] = args;
  switch (tool) {
    case 'npm':
    case 'yarn':
    case 'pnpm':
    case 'bun':
      if (sub === 'run' || sub === 'run-script') return scriptKind(args[1]);
      if (sub === 'audit') return 'audit';
      return scriptKind(sub);
    case 'go':
      return ({ test: 'test', vet: 'lint', build: 'build', install: 'build' } as const)[sub] ?? null;
    case 'cargo':
      return ({ test: 'test', nextest: 'test', clippy: 'lint', fmt: 'lint', audit: 'audit', deny: 'audit', build: 'build' } as const)[sub] ?? null;
    case 'mvn':
    case 'mvnw':
      if (args.some(a => a === 'test' || a === 'verify')) return 'test';
      return args.some(a => a === 'package' || a === 'install' || a === 'compile') ? 'build' : null;
    case 'gradle':
    case 'gradlew':
      if (args.some(a => /^(test|check|integrationTest)$/.test(a))) return 'test';
      if (args.some(a => /^(lint|ktlintCheck|detekt|spotlessCheck)$/.test(a))) return 'lint';
      return args.some(a => /^(build|assemble|bootJar|jar|shadowJar)$/.test(a)) ? 'build' : null;
    case 'make':
    case 'just': {
      const targets = args.filter(a => !a.startsWith('-') && !a.includes('='));
      if (targets.length === 0) return tool === 'make' ? 'build' : null;
      if (targets[0] === 'all') return scriptKind(targets[0]) ?? 'build';
      return scriptKind(targets[0]);
    }
    case 'dotnet':
      return kindOf(sub, { test: 'test', build: 'build', publish: 'build', format: 'lint' });
    case 'cmake':
      return args.includes('--build') ? 'build' : null;
    case 'vite':
    case 'next':
    case 'ng':
      return kindOf(sub, { build: 'build', test: 'test', lint: 'lint' });
    default:
      return null;
  }
}

/** The kind of verification a simple command runs, or null for anything else. */
export function verificationKind(commandWords: readonly string[]): VerificationKind | null {
  let words = [...commandWords];
  let changed = true;
  while (changed && words.length > 0) {
    changed = false;
    const assignments = words.findIndex(w => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    if (assignments > 0) {
      words = words.slice(assignments);
      changed = true;
    }
    if (words[0] === 'env') {
      words = words.slice(1);
      changed = true;
      continue;
    }
    const current = words;
    const wrapper = wrappers.find(w => w.length < current.length && w.every((part, i) => current[i] === part));
    if (wrapper) {
      words = words.slice(wrapper.length);
      changed = true;
    }
  }
  if (words.length === 0) return null;
  const tool = words[0].slice(words[0].lastIndexOf('/') + 1);
  for (const [kind, pattern] of binaries) {
    if (pattern.test(tool)) return kind;
  }
  return subcommandKind(tool, words.slice(1));
}
