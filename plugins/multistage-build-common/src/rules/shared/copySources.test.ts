import { parseDockerfile } from '../../parser/parseDockerfile';
import { baseName, copySources, isGitSource, isRemoteSource } from './copySources';

const first = (text: string) => parseDockerfile(text).instructions[0];

describe('copySources', () => {
  it('lists the sources without the destination, in either form', () => {
    expect(copySources(first('COPY --chown=app a.txt b/ /dest/'))).toEqual(['a.txt', 'b/']);
    expect(copySources(first('ADD ["a b.txt", "/dest/"]'))).toEqual(['a b.txt']);
  });

  it('leaves out heredoc operands and other keywords', () => {
    expect(copySources(first('COPY <<EOF /etc/app.conf\nkey=1\nEOF'))).toEqual([]);
    expect(copySources(first('RUN cp a b'))).toEqual([]);
  });

  it('tells remote and Git sources apart', () => {
    expect(isRemoteSource('https://example.com/x.tar.gz')).toBe(true);
    expect(isRemoteSource('git@github.com:org/repo.git')).toBe(true);
    expect(isRemoteSource('./https')).toBe(false);
    expect(isGitSource('https://github.com/org/repo.git#v1.2.0')).toBe(true);
    expect(isGitSource('git@github.com:org/repo.git')).toBe(true);
    expect(isGitSource('https://example.com/tool.tar.gz')).toBe(false);
  });

  it('takes the last path part', () => {
    expect(baseName('./keys/id_rsa')).toBe('id_rsa');
    expect(baseName('secrets/')).toBe('secrets');
    expect(baseName('C:\\keys\\app.key')).toBe('app.key');
  });
});
