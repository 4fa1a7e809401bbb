import { SecretMasking } from './secretMasking';

describe('SecretMasking', () => {
  const masking = () => SecretMasking.forBuildArgs({ NPM_TOKEN: 's3cr3t-token', BASE: 'busybox:1.36', API_KEY: 'k' });

  it('masks values of secret-looking names only, and not values too short to mask', () => {
    expect(masking().mask('token s3cr3t-token on busybox:1.36, key k')).toBe('token •••••• on busybox:1.36, key k');
  });

  it('masks a value that arrives split across chunks, holding back only what could start one', () => {
    const m = masking();
    const parts = ['echo: s3cr', '3t-to', 'ken done', ' and more'];
    const passed = parts.map(p => m.chunk('step', p));
    const all = passed.join('') + m.flush('step');
    expect(all).toBe('echo: •••••• done and more');
    expect(passed.join('')).not.toMatch(/s3cr|3t-to|ken/);
    // Streams are separate.
    expect(m.chunk('a', 's3cr3t-')).toBe('');
    expect(m.chunk('b', 'plain text that is long enough')).toBe('plain text that is ');
    expect(m.flush('a')).toBe('s3cr3t-');
  });

  it('passes text straight through when there is nothing to mask', () => {
    const none = SecretMasking.forBuildArgs({ BASE: 'busybox' });
    expect(none.chunk('s', 'abc')).toBe('abc');
    expect(none.flush('s')).toBe('');
  });
});
