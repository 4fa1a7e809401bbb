import { parseDockerfile } from '../../parser/parseDockerfile';
import { runScript } from '../../shell/runScript';
import { shellCommands } from '../../shell/shellCommands';
import { executedCommands, programWords } from './executedCommands';

const context = { commandsOf: (i: Parameters<typeof runScript>[0]) => shellCommands(runScript(i)) };
const run = (text: string) => {
  const instruction = parseDockerfile(`FROM alpine\n${text}`).instructions[1];
  return executedCommands(context, instruction).map(c => c.words.join(' '));
};

describe('executedCommands', () => {
  it('reads the shell form and sh -c exec forms, not other exec forms', () => {
    expect(run('RUN apk add curl && echo ok')).toEqual(['apk add curl', 'echo ok']);
    expect(run('RUN ["sh", "-c", "pip install x"]')).toEqual(['pip install x']);
    expect(run('RUN ["pip", "install", "x>=2"]')).toEqual([]);
  });

  it('reads heredoc bodies that are the script, not those that are data', () => {
    expect(run('RUN <<EOF\napk add curl\nEOF')).toEqual(['<<EOF', 'apk add curl']);
    expect(run('RUN bash -e <<"EOF"\napk add curl\nEOF')).toEqual(['bash -e <<EOF', 'apk add curl']);
    expect(run('RUN cat <<EOF > /app/requirements.txt\nflask>=3\nEOF')).toEqual(['cat <<EOF > /app/requirements.txt']);
    expect(run('RUN python3 <<EOF\nprint(1)\nEOF')).toEqual(['python3 <<EOF']);
  });

  it('ignores other instructions', () => {
    expect(run('COPY a /a')).toEqual([]);
  });
});

describe('programWords', () => {
  it('drops assignments and sudo-like prefixes, and a path before the program', () => {
    expect(programWords(['DEBIAN_FRONTEND=noninteractive', 'sudo', '-E', '/bin/chmod', '777', '/x'])).toEqual(['chmod', '777', '/x']);
    expect(programWords(['sudo', '-u', 'app', 'chown', '-R', 'app', '/x'])).toEqual(['chown', '-R', 'app', '/x']);
    expect(programWords(['A=1'])).toEqual([]);
    expect(programWords(['then', 'cp', 'a', 'b'])).toEqual(['cp', 'a', 'b']);
  });
});
