import { parseDockerfile } from '../../parser/parseDockerfile';
import { runText } from './runText';

describe('runText', () => {
  it('holds the logical line and the heredoc bodies', () => {
    const [, run] = parseDockerfile('FROM alpine:3.20\nRUN <<EOF\nchown -R app /app\nEOF').instructions;
    expect(runText(run)).toContain('chown -R app /app');
    expect(runText(run)).toContain('<<EOF');
  });
});
