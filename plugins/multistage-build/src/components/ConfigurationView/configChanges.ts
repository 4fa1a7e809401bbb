import type { BuildConfig } from '@stagecraft/plugin-multistage-build-common';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed from one saved configuration to the next, in words. */
export function configChanges(before: BuildConfig | undefined, after: BuildConfig): string[] {
  if (!before) return ['first saved'];
  const changes: string[] = [];
  if (before.target !== after.target) changes.push(`target ${before.target ?? 'last stage'} → ${after.target ?? 'last stage'}`);
  const names = new Set([...Object.keys(before.buildArgs), ...Object.keys(after.buildArgs)]);
  for (const name of [...names].sort()) {
    const was = before.buildArgs[name];
    const now = after.buildArgs[name];
    if (was === now) continue;
    if (was === undefined) changes.push(`${name} set to ${now}`);
    else if (now === undefined) changes.push(`${name} removed`);
    else changes.push(`${name} ${was} → ${now}`);
  }
  if (!same(before.platforms, after.platforms)) changes.push(`platforms ${after.platforms.join(', ') || 'engine default'}`);
  if (!same(before.cache.from, after.cache.from)) changes.push(`cache import ${after.cache.from.join(', ') || 'none'}`);
  if (!same(before.cache.to, after.cache.to)) changes.push(`cache export ${after.cache.to.join(', ') || 'none'}`);
  if (!same(before.push, after.push)) changes.push(after.push ? `push to ${after.push.repository} as ${after.push.tags.join(', ')}` : 'no push');
  if (!same(before.secrets, after.secrets)) changes.push(`secrets ${after.secrets.join(', ') || 'none'}`);
  if (!same(before.ssh, after.ssh)) changes.push(`SSH agents ${after.ssh.join(', ') || 'none'}`);
  if (before.cache.disabled !== after.cache.disabled) changes.push(after.cache.disabled ? 'cache disabled' : 'cache enabled');
  if (!same(before.stageOverrides, after.stageOverrides)) changes.push('per-stage settings');
  return changes.length > 0 ? changes : ['no change'];
}
