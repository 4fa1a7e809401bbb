import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processLintIo } from './processLintIo';

describe('processLintIo', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'multistage-lint-io-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app/Dockerfile'), 'FROM scratch\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const io = (readStdin = () => 'FROM busybox\n') => processLintIo({ cwd: dir, toolVersion: '1.2.3', readStdin });

  it('reads files relative to its working directory', () => {
    expect(io().readFile('app/Dockerfile')).toBe('FROM scratch\n');
    expect(io().readFile(join(dir, 'app/Dockerfile'))).toBe('FROM scratch\n');
  });

  it('says in a few words why a file cannot be read', () => {
    expect(() => io().readFile('nope/Dockerfile')).toThrow(/^no such file$/);
    expect(() => io().readFile('app')).toThrow(/^it is a directory$/);
  });

  it('reads standard input for -, once', () => {
    const readStdin = jest.fn(() => 'FROM busybox\n');
    const lintIo = io(readStdin);

    expect(lintIo.readFile('-')).toBe('FROM busybox\n');
    expect(() => lintIo.readFile('-')).toThrow('standard input was already read (give - once)');
    expect(readStdin).toHaveBeenCalledTimes(1);
  });

  it('writes to the streams it is given and names the tool version', () => {
    const out: string[] = [];
    const lintIo = processLintIo({ toolVersion: '1.2.3', stdout: t => out.push(`out:${t}`), stderr: t => out.push(`err:${t}`) });
    lintIo.stdout('a');
    lintIo.stderr('b');

    expect(out).toEqual(['out:a', 'err:b']);
    expect(lintIo.toolVersion).toBe('1.2.3');
  });
});
