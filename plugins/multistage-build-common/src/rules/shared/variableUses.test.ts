import { shellVariables, variableUses } from './variableUses';

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

describe('shellVariables', () => {
  it('reads the names a script uses, skipping comment lines and single quotes', () => {
    const vars = shellVariables("# uses $COMMENTED\necho $A ${B:-x} '$C' \\$D $((E + 1)) $(printf $F) # $G\necho \"#$H\" $#");
    expect(vars.used).toEqual(['A', 'B', 'F', 'H']);
    expect(vars.opaque).toBe(false);
  });

  it('collects the names the script sets itself', () => {
    const script = [
      'X=1; Y="$X" make',
      'case "$ARCH" in amd64) GOARCH=amd64 ;; esac',
      'export PATH_EXTRA=/opt DEBUG',
      'for F in a b; do echo $F; done',
      'while read -r LINE; do echo $LINE; done < list',
      'read -p "Name: " -a PARTS',
      'if true; then local L=1; fi',
      'OUT=$(uname -m)',
      ': ${DEFAULTED:=1}',
      'getopts ab OPT',
    ].join('\n');
    expect([...shellVariables(script).assigned].sort()).toEqual(
      ['DEBUG', 'DEFAULTED', 'F', 'GOARCH', 'L', 'LINE', 'OPT', 'OUT', 'PARTS', 'PATH_EXTRA', 'X', 'Y'].sort(),
    );
  });

  it('marks scripts that source or eval as opaque', () => {
    expect(shellVariables('. /etc/os-release && echo $VERSION_CODENAME').opaque).toBe(true);
    expect(shellVariables('eval "$(ssh-agent)"').opaque).toBe(true);
    expect(shellVariables('echo . && ls .').opaque).toBe(false);
  });
});
