/*
 * Role inference. Names carry most of the intent (`deps`, `build`, `test`);
 * when a name says nothing, the last stage is taken to be what ships and a
 * stage others build FROM is a base.
 */
import type { StageRole } from './types';

const roleWords: [StageRole, RegExp][] = [
  ['debug', /^(debug|dbg|troubleshoot)$/],
  ['dev', /^(dev|develop|development|devcontainer|local|watch)$/],
  ['test', /^(test|tests|testing|unittest|spec|specs|e2e|integration|check|ci)$/],
  ['lint', /^(lint|linter|fmt|format|vet|style|typecheck|validate|validation|verify|outdated)$/],
  ['security', /^(scan|audit|security|sec|trivy|grype|snyk|vuln|sbom)$/],
  ['deps', /^(deps|dependencies|dep|vendor|modules|install|restore|download|packages|node_modules)$/],
  ['build', /^(build|builder|compile|compiler|assets|dist|bundle|make|publish)$/],
  ['runtime', /^(runtime|run|prod|production|release|final|app|server|serve|service|image|distroless|web|api)$/],
  ['base', /^(base|common|setup|toolchain|sdk|os)$/],
];

/** Infers a stage's role from its name alone; undefined when the name says nothing. */
export function roleFromName(name: string | null): StageRole | undefined {
  if (!name) return undefined;
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const [role, pattern] of roleWords) {
    if (words.some(w => pattern.test(w))) return role;
  }
  return undefined;
}

/** Infers a role from what the stage runs, for unnamed or vaguely named stages. */
export function roleFromCommands(commands: string[]): StageRole | undefined {
  const text = commands.join('\n');
  if (/\b(npm|yarn|pnpm) (run )?test\b|\bpytest\b|\bgo test\b|\bcargo test\b|\bmvn\b.*\btest\b|\bctest\b/.test(text)) {
    return 'test';
  }
  if (/\b(eslint|golangci-lint|flake8|ruff|hadolint|shellcheck)\b/.test(text)) return 'lint';
  if (/\b(trivy|grype|snyk|npm audit|pip-audit|cargo audit)\b/.test(text)) return 'security';
  if (/\b(go build|cargo build|mvn\b.*\bpackage|gradle\b.*\bbuild|npm run build|yarn build|make\b|gcc|g\+\+|cc )/.test(text)) {
    return 'build';
  }
  if (/\b(npm (ci|install)|yarn install|pnpm install|pip install|go mod download|cargo fetch|mvn\b.*dependency:)/.test(text)) {
    return 'deps';
  }
  return undefined;
}
