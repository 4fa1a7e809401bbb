import { readRedirections, writesStdout } from './shellRedirections';

const summary = (text: string) => {
  const { words, redirections } = readRedirections(text);
  return {
    words: words.map(w => w.value),
    redirections: redirections.map(r => [r.fd, r.operator, r.target?.value ?? null, r.gluedTo?.value ?? null, r.raw]),
  };
};

describe('readRedirections', () => {
  it('reads an unquoted comparison glued to a word as a redirection', () => {
    expect(summary('apk add sqlite>3.38 curl')).toEqual({
      words: ['apk', 'add', 'sqlite', 'curl'],
      redirections: [[null, '>', '3.38', 'sqlite', 'sqlite>3.38']],
    });
    expect(summary('pip install x>=2 "y<3"')).toEqual({
      words: ['pip', 'install', 'x', 'y<3'],
      redirections: [[null, '>', '=2', 'x', 'x>=2']],
    });
  });

  it('leaves quoted and escaped operators in their word', () => {
    expect(summary(`pip install 'x>=2' "y<=3" z\\>1 w">"2`).redirections).toEqual([]);
    expect(summary(`pip install 'x>=2' "y<=3" z\\>1 w">"2`).words).toEqual(['pip', 'install', 'x>=2', 'y<=3', 'z>1', 'w>2']);
  });

  it('tells file descriptors from glued words and reads spaced targets', () => {
    expect(summary('cat /run/secrets/x > ~/.npmrc 2>/dev/null').redirections).toEqual([
      [null, '>', '~/.npmrc', null, '> ~/.npmrc'],
      [2, '>', '/dev/null', null, '2>/dev/null'],
    ]);
    expect(summary('make >>build.log 2>').redirections).toEqual([
      [null, '>>', 'build.log', null, '>>build.log'],
      [2, '>', null, null, '2>'],
    ]);
  });

  it('keeps command substitutions whole and blanks out what the shell does not expand', () => {
    const { words, redirections } = readRedirections(`echo "token=$(cat "/run/secrets/npm")" '$NOT' \\$NOR >> .npmrc`);
    expect(words.map(w => w.value)).toEqual(['echo', 'token=$(cat "/run/secrets/npm")', '$NOT', '$NOR']);
    expect(words[1].expandable).toBe('token=$(cat "/run/secrets/npm")');
    expect(words[2].expandable).not.toContain('$');
    expect(words[3].expandable).not.toContain('$');
    expect(redirections.map(r => r.target?.value)).toEqual(['.npmrc']);
  });

  it('skips continuation lines and comments', () => {
    expect(summary('cat a \\\n  > out # a > comment').words).toEqual(['cat', 'a']);
    expect(summary('cat a \\\n  > out # a > comment').redirections.map(r => r[2])).toEqual(['out']);
  });

  it('says which redirections take standard output', () => {
    const [out, append, err, input] = readRedirections('x > a >> b 2> c < d').redirections;
    expect([out, append, err, input].map(writesStdout)).toEqual([true, true, false, false]);
  });
});
