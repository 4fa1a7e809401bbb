import { parseDockerfile } from '../../parser/parseDockerfile';
import { shellCommands } from '../../shell/shellCommands';
import { commandSkipsRecommends, configuresNoRecommends } from './aptRecommends';

const command = (script: string) => shellCommands(script)[0];
const instruction = (line: string) => parseDockerfile(`FROM debian:12\n${line}`).instructions[1];

describe('commandSkipsRecommends', () => {
  it('reads the flag and the option', () => {
    expect(commandSkipsRecommends(command('apt-get install -y --no-install-recommends curl'))).toBe(true);
    expect(commandSkipsRecommends(command('apt-get install -o APT::Install-Recommends=false curl'))).toBe(true);
    expect(commandSkipsRecommends(command('apt-get install -oAPT::Install-Recommends=0 curl'))).toBe(true);
    expect(commandSkipsRecommends(command('apt-get install -y curl'))).toBe(false);
    expect(commandSkipsRecommends(command('apt-get install -o APT::Install-Recommends=true curl'))).toBe(false);
  });
});

describe('configuresNoRecommends', () => {
  it('sees configuration written by RUN, by a heredoc or copied from the context', () => {
    expect(configuresNoRecommends(instruction(`RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norec`))).toBe(true);
    expect(configuresNoRecommends(instruction('RUN printf "APT::Install-Recommends \\"false\\";\\n" > /etc/apt/apt.conf.d/x'))).toBe(true);
    expect(configuresNoRecommends(instruction('COPY <<EOF /etc/apt/apt.conf.d/99\nAPT::Install-Recommends "false";\nEOF'))).toBe(true);
    expect(configuresNoRecommends(instruction('COPY apt.conf /etc/apt/apt.conf.d/'))).toBe(true);
  });

  it('ignores other instructions', () => {
    expect(configuresNoRecommends(instruction('RUN apt-get install -y curl'))).toBe(false);
    expect(configuresNoRecommends(instruction(`RUN echo 'APT::Install-Recommends "1";' > /etc/apt/apt.conf.d/x`))).toBe(false);
    expect(configuresNoRecommends(instruction('COPY sources.list /etc/apt/sources.list'))).toBe(false);
  });
});
