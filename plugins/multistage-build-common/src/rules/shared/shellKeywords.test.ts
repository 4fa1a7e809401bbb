import { shellCommands } from '../../shell/shellCommands';
import { withoutLeadingKeywords } from './shellKeywords';

describe('withoutLeadingKeywords', () => {
  it('drops reserved words that lead a command', () => {
    const [, then, otherwise] = shellCommands('if [ -f a ]; then npm ci; else ! npm install; fi');
    expect(withoutLeadingKeywords(then).words).toEqual(['npm', 'ci']);
    expect(withoutLeadingKeywords(otherwise).words).toEqual(['npm', 'install']);
  });

  it('returns the command itself when nothing leads it, and never empties it', () => {
    const [command] = shellCommands('npm ci');
    expect(withoutLeadingKeywords(command)).toBe(command);
    expect(withoutLeadingKeywords(shellCommands('then')[0]).words).toEqual(['then']);
  });
});
