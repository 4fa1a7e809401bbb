import { parseDockerfile } from '../../parser/parseDockerfile';
import { inCaseOf, instructionSource, writtenKeyword } from './instructionSource';

describe('instructionSource', () => {
  const text = 'from alpine:3.20 \\\n  as build\nRun echo hi';
  const { instructions } = parseDockerfile(text);
  const lines = text.split('\n');

  it('returns the lines as written, continuations included', () => {
    expect(instructionSource({ lines }, instructions[0])).toBe('from alpine:3.20 \\\n  as build');
    expect(instructionSource({ lines }, instructions[1])).toBe('Run echo hi');
  });

  it('reads the keyword as written', () => {
    expect(writtenKeyword(instructions[0])).toBe('from');
    expect(writtenKeyword(instructions[1])).toBe('Run');
  });

  it('writes a word in the case of a model keyword', () => {
    expect(inCaseOf('from', 'AS')).toBe('as');
    expect(inCaseOf('FROM', 'as')).toBe('AS');
    expect(inCaseOf('Add', 'copy')).toBe('COPY');
  });
});
