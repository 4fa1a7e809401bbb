import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedDiff } from './unifiedDiff';

describe('unifiedDiff', () => {
  it('writes a patch that git applies to the file, and nothing for no change', () => {
    const before = 'FROM alpine\nRUN apk add curl\nCMD ["sh"]\n';
    const after = 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n';
    const patch = unifiedDiff('build/Dockerfile', before, after);
    expect(patch.split('\n').slice(0, 3)).toEqual(['--- a/build/Dockerfile', '+++ b/build/Dockerfile', '@@ -1,3 +1,3 @@']);

    const repo = mkdtempSync(join(tmpdir(), 'stagecraft-patch-'));
    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build', 'Dockerfile'), before);
    writeFileSync(join(repo, 'change.patch'), patch);
    execFileSync('git', ['apply', 'change.patch'], { cwd: repo });
    expect(readFileSync(join(repo, 'build', 'Dockerfile'), 'utf8')).toBe(after);
    expect(unifiedDiff('Dockerfile', before, before)).toBe('');
  });
});
