import { missReasonKinds } from '@stagecraft/plugin-multistage-build-common';
import { missReasonLabel } from './missReasonLabels';

describe('missReasonLabel', () => {
  it('names every cause the API counts', () => {
    expect(missReasonKinds.map(missReasonLabel)).toEqual([
      'instruction changed',
      'files changed',
      'base image moved',
      'build arg changed',
      'first build',
      'an earlier step missed',
      'cache disabled',
      'unknown',
    ]);
  });

  it('shows a cause a newer backend added by its kind', () => {
    expect(missReasonLabel('secret-changed')).toBe('secret-changed');
  });
});
