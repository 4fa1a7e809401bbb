import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { createAnalyzeDockerfileAction } from './createAnalyzeDockerfileAction';
import { examples } from './examples';

const threeStages = 'FROM golang:1.22 AS build\nRUN go build\nFROM build AS test\nRUN go test\nFROM scratch\nCOPY --from=build /app /app\n';

function workspaceWith(files: Record<string, string>) {
  const workspacePath = mkdtempSync(join(tmpdir(), 'stagecraft-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(workspacePath, path, '..'), { recursive: true });
    writeFileSync(join(workspacePath, path), text);
  }
  return workspacePath;
}

describe('multistage:dockerfile:analyze', () => {
  const action = createAnalyzeDockerfileAction();

  it.each(examples)('runs its example: $description', async ({ example }) => {
    const step = yaml.parse(example).steps[0];
    const path = step.input.path ?? 'Dockerfile';
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspaceWith({ [path]: threeStages }),
    });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('stageCount', 3);
    expect(ctx.output).toHaveBeenCalledWith('stageNames', ['build', 'test', '2']);
    expect(ctx.output).toHaveBeenCalledWith('defaultTarget', '2');
  });

  it('fails with file and line when the Dockerfile does not parse', async () => {
    const ctx = createMockActionContext({
      input: { path: 'Dockerfile' },
      workspacePath: workspaceWith({ Dockerfile: 'FROM alpine\nENV BROKEN\n' }),
    });

    await expect(action.handler(ctx)).rejects.toThrow('Dockerfile does not parse:\nDockerfile:2: ENV must have two arguments');
  });

  it('refuses a path outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { path: '../outside/Dockerfile' },
      workspacePath: workspaceWith({}),
    });

    await expect(action.handler(ctx)).rejects.toThrow(/outside/i);
  });

  it('says which file is missing', async () => {
    const ctx = createMockActionContext({ input: { path: 'nope/Dockerfile' }, workspacePath: workspaceWith({}) });

    await expect(action.handler(ctx)).rejects.toThrow(/^Cannot read nope\/Dockerfile in the workspace/);
  });
});
