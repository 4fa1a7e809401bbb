import { parseDockerfile } from '../parser/parseDockerfile';
import { execFormOf, programOf } from './execForm';

function cmd(line: string) {
  return parseDockerfile(`FROM node:20\n${line}\n`).instructions[1];
}

describe('execFormOf', () => {
  it('keeps the JSON form as it is', () => {
    expect(execFormOf(cmd('CMD ["node", "a b.js"]'))).toEqual({ words: ['node', 'a b.js'], viaShell: false });
  });

  it('splits a plain shell-form command into words, quotes removed, exec dropped', () => {
    expect(execFormOf(cmd(`CMD exec gunicorn 'app:create_app()' -b 0.0.0.0:8000`))).toEqual({
      words: ['gunicorn', 'app:create_app()', '-b', '0.0.0.0:8000'],
      viaShell: false,
    });
  });

  it.each([
    'CMD node server.js --port $PORT',
    'CMD npm run migrate && npm start',
    'CMD java -jar target/*.jar',
    'ENTRYPOINT NODE_ENV=production node server.js',
    'CMD ./server > /var/log/server.log',
  ])('keeps a shell for %s', line => {
    const instruction = cmd(line);
    const script = instruction.args.join(' ');
    expect(execFormOf(instruction)).toEqual({ words: ['/bin/sh', '-c', script], viaShell: true });
  });

  it('finds the program inside a shell wrapper', () => {
    expect(programOf(execFormOf(cmd('CMD exec ./server --port $PORT')))).toBe('./server');
    expect(programOf(execFormOf(cmd('CMD ["./server"]')))).toBe('./server');
  });
});
