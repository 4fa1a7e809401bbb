import { analyzeDockerfile, convertToMultiStage } from '@stagecraft/plugin-multistage-build-common';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { contextFor } from '../__testUtils__/actionContext';
import { createConvertDockerfileAction } from './createConvertDockerfileAction';
import { examples } from './examples';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';

const analysis = analysisPoolForTests();

const nodeSingleStage = [
  'FROM node:22',
  'WORKDIR /app',
  'COPY . .',
  'RUN npm ci && npm run build',
  'EXPOSE 3000',
  'CMD ["node", "dist/server.js"]',
  '',
].join('\n');

function workspaceWith(files: Record<string, string>) {
  const workspacePath = mkdtempSync(join(tmpdir(), 'stagecraft-convert-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(workspacePath, path, '..'), { recursive: true });
    writeFileSync(join(workspacePath, path), text);
  }
  return workspacePath;
}

describe('multistage:dockerfile:convert', () => {
  const action = createConvertDockerfileAction({ analysis });

  it.each(examples)('runs its example: $description', async ({ example }) => {
    const { input } = yaml.parse(example).steps[0];
    const path = input.path ?? 'Dockerfile';
    const workspacePath = workspaceWith({ [path]: nodeSingleStage });
    const ctx = contextFor(action, { input, workspacePath });

    await action.handler(ctx);

    const outputPath = input.outputPath ?? path;
    const expected = convertToMultiStage({ text: nodeSingleStage, path, includeTest: input.includeTest ?? true });
    if (!expected.ok) throw new Error(expected.reason);
    const written = readFileSync(join(workspacePath, outputPath), 'utf8');
    expect(written).toBe(expected.text);
    expect(analyzeDockerfile({ text: written, path: outputPath }).report.findings.filter(f => f.severity !== 'info')).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('language', 'node');
    expect(ctx.output).toHaveBeenCalledWith('stages', expected.stages);
    expect(expected.stages.includes('test')).toBe(input.includeTest !== false);
  });

  it('leaves the original alone when the result goes elsewhere', async () => {
    const workspacePath = workspaceWith({ 'app/Dockerfile': nodeSingleStage });

    await action.handler(contextFor(action, { input: { path: 'app/Dockerfile', outputPath: 'app/Dockerfile.multistage' }, workspacePath }));

    expect(readFileSync(join(workspacePath, 'app/Dockerfile'), 'utf8')).toBe(nodeSingleStage);
    expect(readFileSync(join(workspacePath, 'app/Dockerfile.multistage'), 'utf8')).toMatch(/\nFROM .* AS runtime\n/);
  });

  it('says why a file cannot be converted, and leaves it alone', async () => {
    const text = 'FROM alpine:3.20 AS a\nRUN true\nFROM a\nCMD ["true"]\n';
    const workspacePath = workspaceWith({ Dockerfile: text });

    await expect(action.handler(contextFor(action, { input: {}, workspacePath }))).rejects.toThrow(
      'Dockerfile:3: already multi-stage (2 stages, FROM on lines 1, 3); expected a single-stage Dockerfile',
    );
    expect(readFileSync(join(workspacePath, 'Dockerfile'), 'utf8')).toBe(text);
  });

  it('does not replace another existing file', async () => {
    const workspacePath = workspaceWith({ Dockerfile: nodeSingleStage, 'Dockerfile.multi': 'keep me\n' });
    const ctx = contextFor(action, { input: { outputPath: 'Dockerfile.multi' }, workspacePath });

    await expect(action.handler(ctx)).rejects.toThrow('Dockerfile.multi already exists in the workspace; set overwrite: true to replace it');
    expect(readFileSync(join(workspacePath, 'Dockerfile.multi'), 'utf8')).toBe('keep me\n');
  });

  it('refuses paths outside the workspace', async () => {
    const workspacePath = workspaceWith({ Dockerfile: nodeSingleStage });

    await expect(action.handler(contextFor(action, { input: { path: '/etc/hostname' }, workspacePath }))).rejects.toThrow(
      '/etc/hostname is outside the workspace',
    );
    await expect(
      action.handler(contextFor(action, { input: { outputPath: '../../Dockerfile' }, workspacePath })),
    ).rejects.toThrow('../../Dockerfile is outside the workspace');
    expect(existsSync(join(workspacePath, '..', '..', 'Dockerfile'))).toBe(false);
  });
});
