import { shellCommands } from './shellCommands';

describe('shellCommands', () => {
  it('splits on operators and keeps them', () => {
    const commands = shellCommands('apt-get update && apt-get install -y gcc || true; echo "a && b" | sh');
    expect(commands.map(c => c.words)).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'gcc'],
      ['true'],
      ['echo', 'a && b'],
      ['sh'],
    ]);
    expect(commands.map(c => c.next)).toEqual(['&&', '||', ';', '|', null]);
    expect(commands[2].prev).toBe('||');
  });

  it('reads quotes, escapes, comments and line continuations', () => {
    const commands = shellCommands("echo 'x y' \\\n  z # comment && no\nls");
    expect(commands.map(c => c.words)).toEqual([['echo', 'x y', 'z'], ['ls']]);
  });

  it('keeps the operator across a newline after it', () => {
    const commands = shellCommands('make test ||\n  true');
    expect(commands[1]).toMatchObject({ words: ['true'], prev: '||' });
  });

  it('does not throw on unbalanced quotes', () => {
    expect(shellCommands('echo "open').map(c => c.words)).toEqual([['echo', 'open']]);
    expect(shellCommands("echo 'open")[0].words).toEqual(['echo', 'open']);
  });

  it('treats subshell brackets as boundaries but keeps braces inside words', () => {
    expect(shellCommands('(cd /src && make) && echo ${HOME}').map(c => c.words)).toEqual([
      ['cd', '/src'],
      ['make'],
      ['echo', '${HOME}'],
    ]);
  });
});
