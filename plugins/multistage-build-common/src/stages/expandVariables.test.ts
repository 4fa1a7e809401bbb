import { expandVariables } from './expandVariables';

const env = new Map([
  ['NAME', 'web'],
  ['EMPTY', ''],
]);

describe('expandVariables', () => {
  it.each([
    ['$NAME', 'web'],
    ['${NAME}:1.0', 'web:1.0'],
    ['${MISSING:-alpine}', 'alpine'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${NAME:+set}', 'set'],
    ['${MISSING:+set}', ''],
    ['${MISSING:-${NAME}-x}', 'web-x'],
    ['\\$NAME', '$NAME'],
    ["'$NAME'", '$NAME'],
    ['"$NAME"', 'web'],
    ['a$', 'a$'],
    // Quotes inside a default are removed, as BuildKit's lexer does (they are no part of the value).
    ['${MISSING:-"golang:1.23"}', 'golang:1.23'],
    ["${MISSING:-'a}b'}", 'a}b'],
    ['${MISSING:-"$NAME"}-x', 'web-x'],
  ])('expands %s to %s', (word, expected) => {
    expect(expandVariables(word, env).value).toBe(expected);
  });

  it('reports used and unset variables', () => {
    const result = expandVariables('${NAME}/${MISSING}', env);

    expect(result.used.sort()).toEqual(['MISSING', 'NAME']);
    expect(result.unset).toEqual(['MISSING']);
  });

  it('reports ${VAR:?message} on an unset variable', () => {
    expect(expandVariables('${MISSING:?needs a value}', env).error).toBe('MISSING: needs a value');
  });

  it('uses the backtick as escape when the file says so', () => {
    expect(expandVariables('`$NAME', env, '`').value).toBe('$NAME');
  });
});
