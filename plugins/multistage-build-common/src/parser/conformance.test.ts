/*
 * BuildKit's own parser test files (frontend/dockerfile/parser/testfiles*),
 * copied unchanged under __fixtures__/buildkit-parser with their source noted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dumpInstruction } from './dumpInstruction';
import { parseDockerfile } from './parseDockerfile';

const fixtures = join(__dirname, '__fixtures__', 'buildkit-parser');
const cases = (dir: string) => readdirSync(join(fixtures, dir)).sort();

describe('BuildKit parser conformance', () => {
  it.each(cases('testfiles'))('parses %s exactly as BuildKit', name => {
    const dir = join(fixtures, 'testfiles', name);
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const expected = readFileSync(join(dir, 'result'), 'utf8').split('\n').filter(Boolean);

    const parsed = parseDockerfile(text);

    expect(parsed.errors.filter(e => !e.message.startsWith('unknown instruction'))).toEqual([]);
    expect(parsed.instructions.map(dumpInstruction)).toEqual(expected);
  });

  // BuildKit's messages for its negative cases, with the line they point at.
  const negativeExpectations: Record<string, { line: number; message: string }> = {
    empty_dockerfile: { line: 1, message: 'file with no instructions' },
    env_no_value: { line: 3, message: 'ENV must have two arguments' },
    only_comments: { line: 3, message: 'file with no instructions' },
    'shykes-nested-json': {
      line: 1,
      message: 'when using JSON array syntax, arrays must be comprised of strings only',
    },
  };

  it('knows every negative case', () => {
    expect(Object.keys(negativeExpectations).sort()).toEqual(cases('testfiles-negative'));
  });

  it.each(cases('testfiles-negative'))('rejects %s with a positioned error', name => {
    const text = readFileSync(join(fixtures, 'testfiles-negative', name, 'Dockerfile'), 'utf8');

    const parsed = parseDockerfile(text);

    expect(parsed.errors).toEqual([expect.objectContaining(negativeExpectations[name])]);
  });

  it('gives every instruction its start and end line (testfile-line)', () => {
    const text = readFileSync(join(fixtures, 'testfile-line', 'Dockerfile'), 'utf8');

    const parsed = parseDockerfile(text);

    // The same expectations as BuildKit's TestParseIncludesLineNumbers.
    expect(parsed.instructions.map(i => [i.keyword, i.line, i.endLine])).toEqual([
      ['FROM', 5, 5],
      ['ENV', 11, 12],
      ['RUN', 17, 31],
    ]);
  });
});
