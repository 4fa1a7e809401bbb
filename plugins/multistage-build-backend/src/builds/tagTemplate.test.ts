import { checkTagTemplate, renderTag } from './tagTemplate';

const values = { runId: '0f8e2c1a-5b7d-4c2e-9a1f-3d6b8e0c2a41', commit: '4c1d9e0b7a2f6c3e8d5b1a0f9e7c6d5b4a3f2e1d', createdAt: '2026-12-03T10:20:30.000Z', target: 'runtime', entityName: 'payments' };

describe('tag templates', () => {
  it('fills every placeholder for a run', () => {
    expect(renderTag('{date}-{shortRunId}', values)).toBe('20261203-0f8e2c1a');
    expect(renderTag('{commit}', values)).toBe('4c1d9e0b7a2f');
    expect(renderTag('{entity}-{target}-{runId}', values)).toBe(`payments-runtime-${values.runId}`);
    expect(renderTag('latest', values)).toBe('latest');
  });

  it('refuses {commit} for a source without one, naming the template', () => {
    expect(() => renderTag('v-{commit}', { ...values, commit: null })).toThrow('the tag template "v-{commit}" uses {commit}, and this source has no known commit');
  });

  it('refuses unknown placeholders and templates that cannot make a valid tag, naming the field', () => {
    expect(() => checkTagTemplate('{branch}', 'push.tags[0]')).toThrow(/^push\.tags\[0\]: \{branch\} is not a placeholder/);
    expect(() => checkTagTemplate('-{runId}', 'push.tags[1]')).toThrow(/^push\.tags\[1\]: "-\{runId\}" does not make a valid tag/);
    expect(() => checkTagTemplate(`${'x'.repeat(100)}-{runId}`, 'push.tags[2]')).toThrow(/at most 128 characters/);
    expect(() => checkTagTemplate('{date}-{shortRunId}', 'push.tags[3]')).not.toThrow();
  });
});
