/*
 * The one way into the analysis core. The common package is private, so the
 * published command cannot depend on it: it carries the code it needs instead.
 * `backstage-cli package build` bundles what a relative import reaches into
 * dist/ (only runLint's modules) but leaves every package-name import as a
 * require(), so importing `@stagecraft/plugin-multistage-build-common` here
 * would ship a dependency nobody can install. Marking the common package
 * `backstage.inline` instead would inline it into every plugin built with it
 * too, and they depend on it as a package. The npm packages the core imports
 * are inlined when packing, by scripts/bundle.mjs.
 */
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export { runLint, type LintIo } from '../../../plugins/multistage-build-common/src/cli/runLint';
