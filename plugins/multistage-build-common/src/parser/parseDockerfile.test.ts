import { parseDockerfile } from './parseDockerfile';

describe('parseDockerfile', () => {
  it('reads directives, the backtick escape and continuations', () => {
    const parsed = parseDockerfile(
      ['# escape=`', '# syntax=docker/dockerfile:1', 'FROM windows AS build', 'RUN dir `', '  C:\\ `', '  /s'].join('\n'),
    );

    expect(parsed.escapeChar).toBe('`');
    expect(parsed.directives.map(d => [d.name, d.value, d.line])).toEqual([
      ['escape', '`', 1],
      ['syntax', 'docker/dockerfile:1', 2],
    ]);
    expect(parsed.instructions[1]).toMatchObject({
      keyword: 'RUN',
      line: 4,
      endLine: 6,
      args: ['dir   C:\\   /s'],
    });
  });

  it('records directive-shaped comments that come too late to count', () => {
    const parsed = parseDockerfile('# hello\n# escape=`\nFROM scratch\n');

    expect(parsed.escapeChar).toBe('\\');
    expect(parsed.directives).toEqual([]);
    expect(parsed.lateDirectives).toEqual([{ name: 'escape', value: '`', line: 2 }]);
  });

  it('reads heredoc bodies with their lines, honouring <<- and quoted delimiters', () => {
    const text = [
      'FROM busybox',
      'RUN <<EOF',
      'echo one \\;',
      'echo two \\',
      'EOF',
      "COPY <<-'e'o\"f\" /x",
      '\thello $NAME',
      '\teof',
      'CMD ["sh"]',
    ].join('\n');

    const parsed = parseDockerfile(text);

    expect(parsed.errors).toEqual([]);
    const [, run, copy, cmd] = parsed.instructions;
    expect(run).toMatchObject({ line: 2, endLine: 5 });
    expect(run.heredocs).toEqual([
      expect.objectContaining({
        name: 'EOF',
        expand: true,
        chomp: false,
        content: 'echo one \\;\necho two \\\n',
        line: 3,
        endLine: 5,
      }),
    ]);
    expect(copy).toMatchObject({ line: 6, endLine: 8 });
    expect(copy.heredocs[0]).toMatchObject({ name: 'eof', expand: false, chomp: true });
    expect(cmd).toMatchObject({ keyword: 'CMD', line: 9, json: true, args: ['sh'] });
  });

  it('does not open a heredoc for a quoted empty delimiter, as BuildKit does not', () => {
    const parsed = parseDockerfile("FROM alpine:3.20\nADD <<'' /dest\nRUN echo hi\nFROM alpine:3.20");
    expect(parsed.errors).toEqual([]);
    expect(parsed.instructions.map(i => i.keyword)).toEqual(['FROM', 'ADD', 'RUN', 'FROM']);
    expect(parsed.instructions[1].heredocs).toEqual([]);
  });

  it('reports an unterminated heredoc at the instruction that opened it', () => {
    const parsed = parseDockerfile('FROM busybox\nRUN cat <<EOF\nnever closed\n');

    expect(parsed.errors).toEqual([{ line: 2, endLine: 3, message: 'unterminated heredoc' }]);
  });

  it('keeps going after a bad instruction and reports each with its line', () => {
    const parsed = parseDockerfile('FROM busybox\nENV ONLYKEY\nFROMM busybox\nRUN true\n');

    expect(parsed.errors).toEqual([
      { line: 2, endLine: 2, message: 'ENV must have two arguments' },
      { line: 3, endLine: 3, message: 'unknown instruction: FROMM' },
    ]);
    expect(parsed.instructions.map(i => i.keyword)).toEqual(['FROM', 'FROMM', 'RUN']);
  });

  it('collects stagecraft ignore comments and the comments before an instruction', () => {
    const parsed = parseDockerfile(
      'FROM busybox\n# why this is fine\n# stagecraft ignore=root-final-stage, json-args-recommended\nCMD sh\n',
    );

    expect(parsed.ignoreComments).toEqual([
      { line: 3, ruleIds: ['root-final-stage', 'json-args-recommended'] },
    ]);
    expect(parsed.instructions[1].comments).toEqual([
      'why this is fine',
      'stagecraft ignore=root-final-stage, json-args-recommended',
    ]);
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const parsed = parseDockerfile('\uFEFFFROM busybox AS a\r\nRUN echo hi\r\n');

    expect(parsed.instructions.map(i => [i.keyword, i.args])).toEqual([
      ['FROM', ['busybox', 'AS', 'a']],
      ['RUN', ['echo hi']],
    ]);
  });
});
