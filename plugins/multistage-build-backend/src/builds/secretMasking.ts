/*
 * Masks secret values in what a build prints. BuildKit cuts log output at
 * arbitrary byte boundaries, so a value can arrive split across two chunks:
 * each step's stream holds back its last few characters (one less than the
 * longest secret) until the next chunk shows whether they start a secret.
 */
import { looksLikeSecretName, maskedValue } from '@stagecraft/plugin-multistage-build-common';

/** Values shorter than this are not masked: masking "1" or "yes" everywhere would garble every log. */
const shortest = 4;

export class SecretMasking {
  private readonly secrets: string[];
  private readonly longest: number;
  private readonly carries = new Map<string, string>();

  /** Masks the values of the build args whose names look secret, and `values` besides (configured secrets, passwords). */
  static forBuildArgs(buildArgs: Record<string, string>, values: string[] = []): SecretMasking {
    return new SecretMasking([...Object.entries(buildArgs).filter(([name]) => looksLikeSecretName(name)).map(([, value]) => value), ...values]);
  }

  constructor(values: string[]) {
    // Longest first, so a secret containing another is masked whole.
    this.secrets = [...new Set(values.filter(v => v.length >= shortest))].sort((a, b) => b.length - a.length);
    this.longest = this.secrets[0]?.length ?? 0;
  }

  /** Text with every secret value replaced. */
  mask(text: string): string;
  mask(text: string | undefined | null): string | undefined | null;
  mask(text: string | undefined | null): string | undefined | null {
    if (!text || this.secrets.length === 0) return text;
    return this.secrets.reduce((masked, value) => masked.split(value).join(maskedValue), text);
  }

  /**
   * The masked part of a stream's next chunk that can be passed on now; the
   * rest waits for the next chunk (or `flush`).
   */
  chunk(stream: string, text: string): string {
    if (this.secrets.length === 0) return text;
    const buffered = (this.carries.get(stream) ?? '') + text;
    let cut = Math.max(0, buffered.length - (this.longest - 1));
    // Never cut through a whole secret that is already there.
    for (const value of this.secrets) {
      for (let at = buffered.indexOf(value); at >= 0; at = buffered.indexOf(value, at + 1)) {
        if (at < cut && at + value.length > cut) cut = at;
      }
    }
    this.carries.set(stream, buffered.slice(cut));
    return this.mask(buffered.slice(0, cut));
  }

  /** What a stream still holds back, masked; the stream is then empty. */
  flush(stream: string): string {
    const rest = this.carries.get(stream) ?? '';
    this.carries.delete(stream);
    return this.mask(rest);
  }
}
