/*
 * The real command, as CI runs it: a Node process started the way the root
 * script `yarn multistage-lint` starts it, reading real files.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { analyzeDockerfile } from '../analysis/analyzeDockerfile';
import schema from '../report/__fixtures__/sarif-schema-2.1.0.json';

const repoRoot = join(__dirname, '../../../..');
const bin = join(__dirname, '../../bin/multistage-lint.cjs');
const examples = ['examples/hello-c/Dockerfile', 'examples/node-web/Dockerfile'];

function lint(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: repoRoot },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('yarn multistage-lint', () => {
  it('prints the same reports as the library, in the order given, and goes on past a missing file', () => {
    const { code, stdout, stderr } = lint(['--format', 'json', examples[0], 'examples/nope/Dockerfile', examples[1]]);
    const reports = JSON.parse(stdout);

    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(reports.map((r: { path: string }) => r.path)).toEqual([examples[0], 'examples/nope/Dockerfile', examples[1]]);
    expect(reports[1].parseErrors).toEqual([{ line: 1, message: 'cannot read examples/nope/Dockerfile: no such file' }]);
    for (const index of [0, 2]) {
      const path = reports[index].path;
      const expected = analyzeDockerfile({ path, text: readFileSync(join(repoRoot, path), 'utf8') }).report;
      expect(reports[index]).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it('writes SARIF that validates against the 2.1.0 schema', () => {
    const { code, stdout } = lint(['--format', 'sarif', '--failure-threshold', 'none', ...examples]);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    expect(code).toBe(0);
    expect(validate(JSON.parse(stdout)) ? [] : validate.errors).toEqual([]);
  });

  it('exits 2 with usage on a bad command line', () => {
    const { code, stderr } = lint(['--failure-threshold', 'sometimes', examples[0]]);

    expect(code).toBe(2);
    expect(stderr).toContain('--failure-threshold must be one of error, warning, info, none, got "sometimes"');
  });
});
