/**
 * The Stagecraft analysis core: Dockerfile parsing, the stage model and graph,
 * permissions and the shapes the API shares. Pure TypeScript; runs in the
 * browser, the backend and the CLI.
 *
 * @packageDocumentation
 */
export * from './parser/types';
export { parseDockerfile } from './parser/parseDockerfile';
export * from './stages/types';
export { expandVariables } from './stages/expandVariables';
export type { ExpansionResult } from './stages/expandVariables';
export { buildStageGraph, stagesNeededFor, flagValue, mountsOf } from './stages/stageGraph';
export type { StageGraphOptions } from './stages/stageGraph';
export { summarizeStages } from './stages/summarizeStages';
export * from './permissions';
export { looksLikeSecretName, maskedValue, maskSecretBuildArgs } from './secrets/secretNames';
export * from './constants';
export * from './api';
export { criticalPath, estimateStageSeconds } from './stages/criticalPath';
export type { CriticalPath, CriticalPathOptions, StageWeight } from './stages/criticalPath';
export { parseImageReference, looksLikeImageReference } from './stages/imageReference';
export type { ImageReference } from './stages/imageReference';
export * from './analysis/types';
export {
  AnalysisLimitError,
  defaultAnalysisLimits,
  resolveAnalysisLimits,
} from './limits/analysisLimits';
export type { AnalysisLimits } from './limits/analysisLimits';
export { analyzeDockerfile, resolveTarget, UnknownTargetError } from './analysis/analyzeDockerfile';
export type { AnalyzeOptions, DockerfileAnalysis } from './analysis/analyzeDockerfile';
export { describeAnalysis, describeDockerfile } from './analysis/describeDockerfile';
export { countFindings } from './analysis/countFindings';
export type { DescribeOptions } from './analysis/describeDockerfile';
export { allRules } from './rules';
export { defineRule, ruleDocsPath } from './rules/types';
export type {
  Fix,
  Problem,
  Rule,
  RuleCategory,
  Severity,
  SeverityOverride,
  TextEdit,
} from './rules/types';
export type { RuleContext } from './rules/ruleContext';
export { applyFixes, fixAll } from './fixes/applyFixes';
export type { ApplyFixesResult, FixAllResult } from './fixes/applyFixes';
export { formatText } from './report/formatText';
export { formatSarif } from './report/formatSarif';
export type { SarifOptions } from './report/formatSarif';
export { exceedsThreshold, failureThresholds, meetsThreshold } from './report/failureThreshold';
export type { FailureThreshold } from './report/failureThreshold';
export { convertToMultiStage } from './convert/convertToMultiStage';
export type {
  ConvertFailure,
  ConvertLanguage,
  ConvertOptions,
  ConvertResult,
  ConvertSuccess,
} from './convert/types';
export { shellCommands } from './shell/shellCommands';
export type { ShellCommand, ShellOperator } from './shell/shellCommands';
export * from './builds';
export * from './analytics';
export { serviceTemplates, getServiceTemplate, renderServiceTemplate } from './templates';
export { resolveTemplateValues, TemplateParameterError } from './templates/parameters';
export type {
  RenderedTemplate,
  ServiceTemplate,
  TemplateLanguage,
  TemplateParameter,
  TemplateParameterType,
  TemplateParameterValue,
  TemplateStage,
  TemplateValues,
} from './templates/types';
export * from './fleet';
