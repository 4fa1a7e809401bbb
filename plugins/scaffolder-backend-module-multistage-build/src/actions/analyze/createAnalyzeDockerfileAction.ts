import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AnalysisRefusedError, type AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import {
  exceedsThreshold,
  failureThresholds,
  meetsThreshold,
  type FailureThreshold,
} from '@stagecraft/plugin-multistage-build-common';
import { readWorkspaceFile } from '../workspaceFiles';
import { examples } from './examples';

/**
 * `multistage:dockerfile:analyze`: analyses a Dockerfile in the workspace with
 * the full rule catalog, outputs the report (shared/RULES.md's shape) and
 * counts, and fails the step when a finding reaches the chosen severity.
 * The analysis runs in the pool, off the event loop, within its limits.
 */
export function createAnalyzeDockerfileAction(options: { analysis: AnalysisPool }) {
  return createTemplateAction({
    id: 'multistage:dockerfile:analyze',
    description: 'Analyses a Dockerfile in the workspace; outputs the report and fails at a chosen severity',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z => z.string().default('Dockerfile').describe('Path of the Dockerfile, relative to the workspace'),
        failOn: z =>
          z
            .enum(failureThresholds as [FailureThreshold, ...FailureThreshold[]])
            .default('error')
            .describe('Fail the step when a finding has this severity or higher (a file that does not parse always fails); none never fails'),
        target: z => z.string().optional().describe('Analyse the build of this stage instead of the default target'),
      },
      output: {
        report: z => z.record(z.unknown()).describe('The analysis report: stages, edges, default target, findings, parse errors'),
        errorCount: z => z.number().describe('Findings of severity error'),
        warningCount: z => z.number().describe('Findings of severity warning'),
        infoCount: z => z.number().describe('Findings of severity info'),
        stageCount: z => z.number().describe('How many stages the file has'),
        stageNames: z => z.array(z.string()).describe('Stage names in build order; unnamed stages by index'),
        defaultTarget: z => z.string().describe('The stage a plain build produces, by name or index'),
      },
    },
    async handler(ctx) {
      const path = ctx.input.path ?? 'Dockerfile';
      const failOn = ctx.input.failOn ?? 'error';
      const text = await readWorkspaceFile(ctx.workspacePath, path);
      const report = await options.analysis.analyze({ text, path, target: ctx.input.target }, path).catch(e => {
        // Over a limit: its message names the file, the line and the setting.
        if (e instanceof AnalysisRefusedError) throw e;
        throw new InputError(`${path}: ${(e as Error).message}`);
      });
      const count = (severity: string) => report.findings.filter(f => f.severity === severity).length;
      const label = (i: number) => report.stages[i].name ?? String(i);
      ctx.logger.info(
        `${path}: ${report.stages.length} stage(s), ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`,
      );
      for (const f of report.findings) ctx.logger.info(`${path}:${f.line} ${f.severity} ${f.rule}: ${f.message}`);
      ctx.output('report', report as unknown as Record<string, unknown>);
      ctx.output('errorCount', count('error'));
      ctx.output('warningCount', count('warning'));
      ctx.output('infoCount', count('info'));
      ctx.output('stageCount', report.stages.length);
      ctx.output('stageNames', report.stages.map(s => label(s.index)));
      ctx.output('defaultTarget', report.defaultTarget === null ? '' : label(report.defaultTarget));

      if (exceedsThreshold([report], failOn)) {
        const lines = [
          ...report.parseErrors.map(e => `${path}:${e.line}: ${e.message}`),
          ...report.findings
            .filter(f => meetsThreshold(f.severity, failOn))
            .map(f => `${path}:${f.line} ${f.severity} ${f.rule}: ${f.message}`),
        ];
        const what = report.parseErrors.length > 0 ? 'does not parse' : `has findings at or above ${failOn}`;
        throw new InputError(`${path} ${what}:\n${lines.join('\n')}`);
      }
    },
  });
}
