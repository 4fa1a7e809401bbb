import { parseDockerfile } from '../parser/parseDockerfile';
import { runScript } from './runScript';

const runOf = (line: string) => parseDockerfile(`FROM alpine:3.20\n${line}`).instructions[1];

describe('runScript', () => {
  it('reads the shell form, the exec form and heredoc bodies', () => {
    expect(runScript(runOf('RUN make && make install'))).toBe('make && make install');
    expect(runScript(runOf('RUN ["make", "test"]'))).toBe('make test');
    expect(runScript(runOf('RUN <<EOF\napk add curl\nEOF'))).toBe('<<EOF\napk add curl\n');
  });

  it('reads the script of an exec-form shell call', () => {
    expect(runScript(runOf('RUN ["/bin/bash", "-c", "curl -fsSL https://x | sh"]'))).toBe('curl -fsSL https://x | sh');
  });

  it('is empty for other instructions and reads ONBUILD RUN triggers', () => {
    expect(runScript(runOf('CMD make'))).toBe('');
    expect(runScript(runOf('ONBUILD RUN npm ci'))).toBe('npm ci');
  });
});
