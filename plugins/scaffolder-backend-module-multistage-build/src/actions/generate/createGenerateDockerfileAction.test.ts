import { analyzeDockerfile, renderServiceTemplate } from '@stagecraft/plugin-multistage-build-common';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { contextFor } from '../__testUtils__/actionContext';
import { createGenerateDockerfileAction } from './createGenerateDockerfileAction';
import { examples } from './examples';

const workspace = () => mkdtempSync(join(tmpdir(), 'stagecraft-generate-'));

describe('multistage:dockerfile:generate', () => {
  const action = createGenerateDockerfileAction();

  it.each(examples)('runs its example: $description', async ({ example }) => {
    const { input } = yaml.parse(example).steps[0];
    const workspacePath = workspace();
    const ctx = contextFor(action, { input, workspacePath });

    await action.handler(ctx);

    const dir = input.targetPath ? join(workspacePath, input.targetPath) : workspacePath;
    const expected = renderServiceTemplate(input.templateId, input.parameters);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toBe(expected.dockerfile);
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toBe(expected.dockerignore);
    expect(analyzeDockerfile({ text: dockerfile, path: 'Dockerfile' }).report.findings.filter(f => f.severity !== 'info')).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('dockerfilePath', input.targetPath ? `${input.targetPath}/Dockerfile` : 'Dockerfile');
    expect(ctx.output).toHaveBeenCalledWith('stages', expect.arrayContaining(['deps', 'build', 'test', 'runtime']));
  });

  it('puts the parameters into the file', async () => {
    const workspacePath = workspace();
    const ctx = contextFor(action, {
      input: { templateId: 'node-npm', targetPath: 'service', parameters: { nodeVersion: '22.12.0', port: 8080 } },
      workspacePath,
    });

    await action.handler(ctx);

    const dockerfile = readFileSync(join(workspacePath, 'service', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ARG NODE_IMAGE=node:22.12.0-bookworm\n');
    expect(dockerfile).toContain('EXPOSE 8080\n');
    expect(ctx.output).toHaveBeenCalledWith('baseImages', {
      NODE_IMAGE: 'node:22.12.0-bookworm',
      NODE_RUNTIME_IMAGE: 'node:22.12.0-bookworm-slim',
    });
  });

  it('fails on a bad parameter with the template, the parameter and the reason, and writes nothing', async () => {
    const workspacePath = workspace();
    const ctx = contextFor(action, { input: { templateId: 'rust', parameters: { port: 0 } }, workspacePath });

    await expect(action.handler(ctx)).rejects.toThrow('rust: parameters.port: must be between 1 and 65535, got 0');
    expect(existsSync(join(workspacePath, 'Dockerfile'))).toBe(false);
  });

  it('keeps an existing Dockerfile unless told to overwrite it', async () => {
    const workspacePath = workspace();
    writeFileSync(join(workspacePath, 'Dockerfile'), 'FROM scratch\n');

    await expect(action.handler(contextFor(action, { input: { templateId: 'go' }, workspacePath }))).rejects.toThrow(
      'Dockerfile already exists in the workspace; set overwrite: true to replace it',
    );
    expect(readFileSync(join(workspacePath, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(existsSync(join(workspacePath, '.dockerignore'))).toBe(false);

    await action.handler(contextFor(action, { input: { templateId: 'go', overwrite: true }, workspacePath }));
    expect(readFileSync(join(workspacePath, 'Dockerfile'), 'utf8')).toBe(renderServiceTemplate('go').dockerfile);
  });

  it('refuses a target outside the workspace', async () => {
    const ctx = contextFor(action, { input: { templateId: 'go', targetPath: '../elsewhere' }, workspacePath: workspace() });

    await expect(action.handler(ctx)).rejects.toThrow('../elsewhere/Dockerfile is outside the workspace; give a path relative to it');
  });

  it('writes the same files in a dry run, which runs in a scratch workspace', async () => {
    const workspacePath = workspace();
    const ctx = contextFor(action, { input: { templateId: 'static-nginx' }, workspacePath, isDryRun: true });

    await action.handler(ctx);

    expect(readFileSync(join(workspacePath, 'Dockerfile'), 'utf8')).toBe(renderServiceTemplate('static-nginx').dockerfile);
  });
});
