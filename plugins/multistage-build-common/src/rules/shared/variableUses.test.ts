import { variableUses } from './variableUses';

describe('variableUses', () => {
  it('finds plain and braced variables, each once', () => {
    expect(variableUses('/opt/$APP/${VERSION}/$APP')).toEqual(['APP', 'VERSION']);
  });

  it('counts a variable with a default, and what the default uses', () => {
    expect(variableUses('${VERSION:-$FALLBACK}')).toEqual(['VERSION', 'FALLBACK']);
    expect(variableUses('${A#prefix}${B%%.*}')).toEqual(['A', 'B']);
  });

  it('skips escaped dollars, single quotes and special parameters', () => {
    expect(variableUses('\\$HOME')).toEqual([]);
    expect(variableUses("'$HOME'")).toEqual([]);
    expect(variableUses('$$HOME $1 $@')).toEqual([]);
  });

  it('expands inside double quotes', () => {
    expect(variableUses('"$HOME/\\$X ${Y}"')).toEqual(['HOME', 'Y']);
  });

  it('follows the escape directive', () => {
    expect(variableUses('`$HOME \\$USER', '`')).toEqual(['USER']);
  });

  it('never throws on unterminated input', () => {
    expect(variableUses('${A:-')).toEqual(['A']);
    expect(variableUses('"$B')).toEqual(['B']);
    expect(variableUses('$')).toEqual([]);
  });
});
