import { parseDockerfile } from './parseDockerfile';

describe('flag and argument lines', () => {
  it('gives each flag and argument the line it is written on', () => {
    const parsed = parseDockerfile(
      [
        'FROM alpine:3.20 AS build',
        'COPY --from=deps \\',
        '  --chown=1000:1000 \\',
        '  /src/a /src/b \\',
        '  /dst/',
        'RUN --mount=type=cache,target=/root/.npm \\',
        '    npm ci',
      ].join('\n'),
    );
    const [from, copy, run] = parsed.instructions;

    expect(from.argLines).toEqual([1, 1, 1]);
    expect(copy.flagLines).toEqual([2, 3]);
    expect(copy.argLines).toEqual([4, 4, 5]);
    expect(run.flagLines).toEqual([6]);
    expect(run.argLines).toEqual([7]);
  });

  it('finds repeated words in order and skips comment lines inside continuations', () => {
    const parsed = parseDockerfile(
      ['FROM a', 'EXPOSE 80 \\', '# 81 is not here', '  80 \\', '  81'].join('\n'),
    );

    expect(parsed.instructions[1].argLines).toEqual([2, 4, 5]);
  });

  it('places JSON-form arguments and heredoc instructions', () => {
    const parsed = parseDockerfile(
      ['FROM a', 'CMD ["node", \\', '  "server.js"]', 'COPY <<EOF /etc/motd', 'hello', 'EOF'].join('\n'),
    );

    expect(parsed.instructions[1].argLines).toEqual([2, 3]);
    expect(parsed.instructions[2].argLines).toEqual([4, 4]);
  });

  it('points ONBUILD trigger flags at their lines', () => {
    const parsed = parseDockerfile(['FROM a', 'ONBUILD COPY \\', '  --chown=1 a b'].join('\n'));

    expect(parsed.instructions[1].trigger?.flagLines).toEqual([3]);
    expect(parsed.instructions[1].trigger?.argLines).toEqual([3, 3]);
  });
});
