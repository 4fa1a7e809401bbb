import { failingLine } from './FailureInDockerfile';
import { failingStep } from './RunPage';
import { run, step } from '../../__testUtils__/workspace';

describe('failingStep', () => {
  it('picks the step the engine names, not a parallel step stopped because of it', () => {
    const failedRun = { ...run, status: 'failed' as const, error: 'process "/bin/sh -c make test" did not complete successfully: exit code: 2' };
    const steps = [
      step({ digest: 'sha256:lint', stage: 'lint', instruction: 'RUN npm run lint', error: 'context canceled' }),
      step({ digest: 'sha256:test', stage: 'test', instruction: 'RUN make test', error: 'exit code: 2' }),
    ];
    expect(failingStep(failedRun, steps)?.digest).toBe('sha256:test');
    // Without a named command: the first error that is not collateral.
    expect(failingStep({ ...failedRun, error: 'exit code: 2' }, steps)?.digest).toBe('sha256:test');
    expect(failingStep(failedRun, [steps[0]])).toBeUndefined();
  });
});

describe('failingLine', () => {
  it('counts instructions as BuildKit numbers steps (FROM, RUN, COPY, ADD, WORKDIR) and checks the keyword', () => {
    const text = 'FROM busybox AS build\nENV A=1\nARG B\nUSER 1000\nRUN echo about to fail && exit 3\n';
    expect(failingLine(text, step({ stage: 'build', step: 2, instruction: 'RUN echo about to fail && exit 3' }))).toBe(5);
    // A numbering that does not match the instruction shows no line rather than a wrong one.
    expect(failingLine(text, step({ stage: 'build', step: 2, instruction: 'COPY . .' }))).toBeUndefined();
    expect(failingLine(text, step({ stage: 'nope', step: 2 }))).toBeUndefined();
  });
});
