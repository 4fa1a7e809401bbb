import { parseDockerfile } from '../parser/parseDockerfile';
import { sessionMountsOf } from './sessionMounts';
import { buildStageGraph } from './stageGraph';

const mountsOf = (lines: string[]) => buildStageGraph(parseDockerfile(lines.join('\n'))).stages.flatMap(sessionMountsOf);

describe('sessionMountsOf', () => {
  it('resolves ids as BuildKit does: a secret\'s source, else its id, else its target\'s file name; SSH defaults to default', () => {
    expect(
      mountsOf([
        'FROM busybox',
        'RUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token',
        'RUN --mount=type=secret,id=npm,src=other true',
        'RUN --mount=type=secret,target=/root/.netrc true',
        'RUN --mount=type=ssh git clone x',
        'RUN --mount=type=ssh,id=github,required=false true',
        'RUN --mount=type=secret,id=flag,required=0 --mount=type=cache,target=/c true',
      ]),
    ).toEqual([
      { line: 2, type: 'secret', id: 'npm_token', optional: false },
      { line: 3, type: 'secret', id: 'other', optional: false },
      { line: 4, type: 'secret', id: '.netrc', optional: false },
      { line: 5, type: 'ssh', id: 'default', optional: false },
      { line: 6, type: 'ssh', id: 'github', optional: true },
      { line: 7, type: 'secret', id: 'flag', optional: true },
    ]);
  });
});
