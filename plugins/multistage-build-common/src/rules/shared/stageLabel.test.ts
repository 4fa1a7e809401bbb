import { stageLabel, stageShortName } from './stageLabel';

describe('stageLabel', () => {
  it('names named and unnamed stages', () => {
    expect(stageLabel({ name: 'build', index: 0 })).toBe('stage "build"');
    expect(stageLabel({ name: null, index: 2 })).toBe('stage 2');
    expect(stageShortName({ name: 'build', index: 0 })).toBe('build');
    expect(stageShortName({ name: null, index: 2 })).toBe('2');
  });
});
