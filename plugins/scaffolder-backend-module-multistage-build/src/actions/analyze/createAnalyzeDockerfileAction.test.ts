import { renderServiceTemplate } from '@stagecraft/plugin-multistage-build-common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { contextFor } from '../__testUtils__/actionContext';
import { createAnalyzeDockerfileAction } from './createAnalyzeDockerfileAction';
import { examples } from './examples';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';

const analysis = analysisPoolForTests();

const singleStage = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';

function workspaceWith(files: Record<string, string>) {
  const workspacePath = mkdtempSync(join(tmpdir(), 'stagecraft-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(workspacePath, path, '..'), { recursive: true });
    writeFileSync(join(workspacePath, path), text);
  }
  return workspacePath;
}

describe('multistage:dockerfile:analyze', () => {
  const action = createAnalyzeDockerfileAction({ analysis });

  it.each(examples)('runs its example on a template Dockerfile: $description', async ({ example }) => {
    const { input } = yaml.parse(example).steps[0];
    const path = input.path ?? 'Dockerfile';
    const ctx = contextFor(action, { input, workspacePath: workspaceWith({ [path]: renderServiceTemplate('go').dockerfile }) });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('stageNames', ['deps', 'build', 'test', 'dev', 'runtime']);
    expect(ctx.output).toHaveBeenCalledWith('defaultTarget', 'runtime');
    expect(ctx.output).toHaveBeenCalledWith('errorCount', 0);
    expect(ctx.output).toHaveBeenCalledWith('warningCount', 0);
    expect(ctx.output).toHaveBeenCalledWith('infoCount', 0);
    const report = (ctx.output as jest.Mock).mock.calls.find(([name]) => name === 'report')[1];
    expect(report.path).toBe(path);
    // The template's dev target is reachable only with --target: unreachable-stage would say so, but it is off by default.
    expect(report.findings).toEqual([]);
  });

  it('outputs the report and passes below the threshold', async () => {
    const ctx = contextFor(action, { input: { failOn: 'error' }, workspacePath: workspaceWith({ Dockerfile: singleStage }) });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('warningCount', 2);
    expect(ctx.output).toHaveBeenCalledWith('infoCount', 0);
    expect(ctx.output).toHaveBeenCalledWith('stageCount', 1);
  });

  it('fails at the threshold and lists each finding with file and line', async () => {
    const ctx = contextFor(action, { input: { failOn: 'warning' }, workspacePath: workspaceWith({ Dockerfile: singleStage }) });

    const failure = action.handler(ctx);

    await expect(failure).rejects.toThrow(/^Dockerfile has findings at or above warning:\nDockerfile:1 warning end-of-life-base: /);
    await expect(failure).rejects.toThrow(/\nDockerfile:1 warning single-stage-build: [^\n]*$/);
    // The report is still there for later steps and the task log.
    expect(ctx.output).toHaveBeenCalledWith('warningCount', 2);
  });

  it('never fails with failOn none', async () => {
    const ctx = contextFor(action, { input: { failOn: 'none' }, workspacePath: workspaceWith({ Dockerfile: 'FROM alpine\nENV BROKEN\n' }) });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('stageCount', 1);
  });

  it('fails with file and line when the Dockerfile does not parse', async () => {
    const ctx = contextFor(action, { input: { path: 'Dockerfile' }, workspacePath: workspaceWith({ Dockerfile: 'FROM alpine\nENV BROKEN\n' }) });

    await expect(action.handler(ctx)).rejects.toThrow('Dockerfile does not parse:\nDockerfile:2: ENV must have two arguments');
  });

  it('names an unknown target', async () => {
    const ctx = contextFor(action, { input: { target: 'nope' }, workspacePath: workspaceWith({ Dockerfile: singleStage }) });

    await expect(action.handler(ctx)).rejects.toThrow(/^Dockerfile: .*nope/);
  });

  it('refuses a Dockerfile over the analysis limits, naming the file, the line and the setting', async () => {
    const text = Array.from({ length: 600 }, (_, i) => `FROM alpine:3.20 AS s${i}`).join('\n');
    const ctx = contextFor(action, { input: {}, workspacePath: workspaceWith({ 'docker/Dockerfile': text }) });
    ctx.input.path = 'docker/Dockerfile';

    await expect(action.handler(ctx)).rejects.toThrow(
      'docker/Dockerfile: line 501: more than 500 stages (limit maxStages); multistageBuild.analysis.limits.maxStages sets it',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a path outside the workspace', async () => {
    const ctx = contextFor(action, { input: { path: '../outside/Dockerfile' }, workspacePath: workspaceWith({}) });

    await expect(action.handler(ctx)).rejects.toThrow('../outside/Dockerfile is outside the workspace; give a path relative to it');
  });

  it('refuses a file over 1 MiB without reading it', async () => {
    const big = `FROM alpine:3.20\n${'# padding\n'.repeat(110_000)}`;
    const ctx = contextFor(action, { input: {}, workspacePath: workspaceWith({ Dockerfile: big }) });

    await expect(action.handler(ctx)).rejects.toThrow(`Dockerfile in the workspace is ${big.length} bytes; Dockerfiles over 1048576 bytes are not read`);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('says which file is missing, and refuses a binary one', async () => {
    const missing = contextFor(action, { input: { path: 'nope/Dockerfile' }, workspacePath: workspaceWith({}) });
    await expect(action.handler(missing)).rejects.toThrow('Cannot read nope/Dockerfile in the workspace: no such file');

    const binary = contextFor(action, { input: {}, workspacePath: workspaceWith({ Dockerfile: 'FROM a\u0000b' }) });
    await expect(action.handler(binary)).rejects.toThrow('Dockerfile in the workspace is binary, not a Dockerfile');
  });
});
