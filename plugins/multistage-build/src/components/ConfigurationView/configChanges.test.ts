import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { configChanges } from './configChanges';

describe('configChanges', () => {
  it('says what changed between two saved configurations', () => {
    const before = { ...defaultBuildConfig, buildArgs: { A: '1', B: '2' } };
    const after = { ...defaultBuildConfig, target: 'runtime', buildArgs: { A: '3', C: '4' }, cache: { ...defaultBuildConfig.cache, disabled: true } };
    expect(configChanges(undefined, after)).toEqual(['first saved']);
    expect(configChanges(before, after)).toEqual(['target last stage → runtime', 'A 1 → 3', 'B removed', 'C set to 4', 'cache disabled']);
    expect(configChanges(before, before)).toEqual(['no change']);
    const pushing = { ...before, secrets: ['npm_token'], push: { repository: 'localhost:5000/team/app', tags: ['{shortRunId}', 'latest'] }, cache: { ...before.cache, to: ['type=inline'] } };
    expect(configChanges(before, pushing)).toEqual(['cache export type=inline', 'push to localhost:5000/team/app as {shortRunId}, latest', 'secrets npm_token']);
  });
});
