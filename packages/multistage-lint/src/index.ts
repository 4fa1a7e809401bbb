/**
 * The `multistage-lint` command: Stagecraft's multi-stage Dockerfile analysis
 * for CI and terminals, installable on its own. `bin/multistage-lint` runs
 * {@link runLint} with {@link processLintIo}.
 *
 * @packageDocumentation
 */
export { runLint } from './lintCore';
export type { LintIo } from './lintCore';
export { processLintIo } from './processLintIo';
export type { ProcessLintIoOptions } from './processLintIo';
