import { parseDockerfile } from '../../parser/parseDockerfile';
import { shellCommands } from '../../shell/shellCommands';
import { buildStageGraph } from '../../stages/stageGraph';
import { commandsInDirectories, mayBeRemovedAfter, resolvePath, workdirBefore } from './runPaths';

describe('resolvePath', () => {
  it('resolves relative paths, ~ and .. and leaves variables and unknown directories open', () => {
    expect(resolvePath('/app', './dist/../bin/')).toBe('/app/bin');
    expect(resolvePath(null, '~/.npmrc')).toBe('/root/.npmrc');
    expect(resolvePath('/app', '.')).toBe('/app');
    expect(resolvePath(null, 'dist')).toBeNull();
    expect(resolvePath('/app', '$HOME_DIR/x')).toBeNull();
  });
});

describe('workdirBefore', () => {
  const text = 'FROM node:22 AS base\nCOPY a b\nWORKDIR /app\nWORKDIR src\nFROM base\nRUN x\nWORKDIR $DIR\nRUN y\nFROM scratch\nCOPY a b';
  const parsed = parseDockerfile(text);
  const graph = buildStageGraph(parsed);
  const at = (line: number) => {
    const instruction = parsed.instructions.find(i => i.line === line)!;
    return workdirBefore(graph, graph.stages.find(s => s.instructions.includes(instruction))!, instruction);
  };

  it('follows WORKDIR through the lineage; an image or a variable leaves it unknown, scratch starts at /', () => {
    expect(at(2)).toBeNull();
    expect(at(6)).toBe('/app/src');
    expect(at(8)).toBeNull();
    expect(at(10)).toBe('/');
  });
});

describe('mayBeRemovedAfter', () => {
  const removed = (script: string, index: number, word: string, dir: string | null = '/app') =>
    mayBeRemovedAfter(commandsInDirectories(shellCommands(script), dir), index, word);

  it('sees a later rm of the path, a directory above it, a glob or a trap', () => {
    expect(removed('echo x > .npmrc && npm ci && rm .npmrc', 0, '.npmrc')).toBe(true);
    expect(removed('cp /run/secrets/k /root/.ssh/id && git clone x && rm -rf ~/.ssh', 0, '/root/.ssh/id')).toBe(true);
    expect(removed('cp s /tmp/k && rm -rf /tmp/*', 0, '/tmp/k')).toBe(true);
    expect(removed("trap 'rm -f /root/.npmrc' EXIT; echo x > /root/.npmrc", 1, '/root/.npmrc')).toBe(true);
    expect(removed('cd /src && echo x > .npmrc && cd / && rm /src/.npmrc', 1, '.npmrc')).toBe(true);
  });

  it('errs towards removed for variables and unknown directories', () => {
    expect(removed('echo x > /a/f && rm -rf "$DIR"', 0, '/a/f')).toBe(true);
    expect(removed('echo x > /a/f && cd $X && rm -rf build', 0, '/a/f')).toBe(true);
  });

  it('does not count an rm before the write or of another path', () => {
    expect(removed('rm -f .npmrc; echo x > .npmrc && npm ci', 1, '.npmrc')).toBe(false);
    expect(removed('echo x > /root/.npmrc && npm ci && rm -rf /var/lib/apt/lists/*', 0, '/root/.npmrc')).toBe(false);
  });
});
