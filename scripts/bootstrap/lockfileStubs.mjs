/*
 * Finds yarn.lock entries that are not resolved from the npm registry.
 *
 * A stand-in package (an empty local `file:` package mapped over a binary the
 * registry lacked) makes a lockfile that installs on one machine and breaks
 * every other: immutable installs refuse it once the registry serves the real
 * package, and users on the platform that needs the binary never get it.
 * Allowed: `npm:` packages, Yarn's built-in `patch:`es of `npm:` packages, this
 * repository's workspaces, and `link:`s to them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's workspace folders, as yarn.lock names them ("plugins/x"). */
export function workspaceFolders(root) {
  const folders = ['.'];
  for (const group of ['packages', 'plugins']) {
    if (!existsSync(join(root, group))) continue;
    for (const name of readdirSync(join(root, group))) {
      if (existsSync(join(root, group, name, 'package.json'))) folders.push(`${group}/${name}`);
    }
  }
  return folders;
}

/** The stubs in the repository's yarn.lock. */
export function checkLockfile(root) {
  return lockfileStubs(readFileSync(join(root, 'yarn.lock'), 'utf8'), { workspaces: workspaceFolders(root) });
}

/** Lockfile entries whose resolution is not from the registry. */
export function lockfileStubs(text, { workspaces = [] } = {}) {
  const stubs = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const match = /^ {2}resolution: "(.+)"$/.exec(line);
    if (!match) return;
    const resolution = match[1];
    if (!fromRegistryOrWorkspace(resolution, workspaces)) {
      stubs.push({ line: index + 1, resolution });
    }
  });
  return stubs;
}

function fromRegistryOrWorkspace(resolution, workspaces) {
  // "name@protocol:rest": the name may itself start with "@scope/".
  const at = resolution.indexOf('@', resolution.startsWith('@') ? 1 : 0);
  const reference = resolution.slice(at + 1);
  if (reference.includes('empty-package')) return false;
  if (reference.startsWith('npm:') || reference.startsWith('workspace:')) return true;
  if (reference.startsWith('patch:')) return /@npm%3A/.test(reference) && reference.includes('optional!builtin<');
  if (reference.startsWith('link:')) {
    // link:../app::locator=backend%40workspace%3Apackages%2Fbackend — a link
    // from one workspace to another.
    const target = /^link:([^:]+)::locator=[^&]*%40workspace%3A(.*)$/.exec(reference);
    if (!target) return false;
    const from = decodeURIComponent(target[2]);
    const to = joinRelative(from, target[1]);
    return workspaces.length === 0 ? !to.startsWith('..') : workspaces.includes(to);
  }
  return false;
}

function joinRelative(from, relative) {
  const parts = from === '.' ? [] : from.split('/');
  for (const part of relative.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return `../${relative}`;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/') || '.';
}

/** One message naming each entry and how to fix the lockfile. */
export function describeStubs(stubs) {
  const shown = stubs.slice(0, 10).map(s => `yarn.lock:${s.line} ${s.resolution}`);
  const more = stubs.length > shown.length ? ` and ${stubs.length - shown.length} more` : '';
  return (
    `yarn.lock has ${stubs.length} entr${stubs.length === 1 ? 'y' : 'ies'} not resolved from the npm registry ` +
    `(stand-ins or local packages): ${shown.join('; ')}${more}. Commit a yarn.lock resolved from the registry ` +
    '(./scripts/bootstrap/install.sh on a machine whose registry serves these packages).'
  );
}
