/*
 * What a chmod mode (or COPY/ADD --chmod) does to "others", the users that
 * neither own a file nor are in its group: octal modes set the bits outright
 * (`777`, `0666`, `1777` with the sticky bit); symbolic ones add or take
 * away (`o+w`, `a+rwx`, `ugo=rwx`, `u+x,go-w`). A symbolic clause with no
 * `who` (`+w`, `=rwx`) is filtered through the umask, 022 in images, which
 * keeps others' write bit off, so it does not count.
 */

export interface ModeEffect {
  /** The mode lets others write. */
  othersWrite: boolean;
  /** The mode takes others' write permission away (an octal mode without it, `o-w`, `a=rx`). */
  othersWriteRemoved: boolean;
  /** The mode sets the sticky bit (`1777`, `+t`, `o+t`). */
  sticky: boolean;
}

const symbolicClause = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/;

/** Reads a chmod mode; null when it is neither octal nor symbolic (a variable, `--reference`). */
export function readMode(mode: string): ModeEffect | null {
  if (/^[0-7]{1,5}$/.test(mode)) {
    const bits = parseInt(mode, 8);
    return { othersWrite: (bits & 0o2) !== 0, othersWriteRemoved: (bits & 0o2) === 0, sticky: (bits & 0o1000) !== 0 };
  }
  const effect: ModeEffect = { othersWrite: false, othersWriteRemoved: false, sticky: false };
  for (const clause of mode.split(',')) {
    const match = symbolicClause.exec(clause);
    if (!match) return null;
    const others = /[oa]/.test(match[1]);
    for (const [, op, perms] of match[2].matchAll(/([-+=])([rwxXst]*)/g)) {
      const write = perms.includes('w');
      if (others && op !== '-' && write) effect.othersWrite = true;
      if (others && ((op === '-' && write) || (op === '=' && !write))) {
        effect.othersWrite = false;
        effect.othersWriteRemoved = true;
      }
      if (op !== '-' && perms.includes('t')) effect.sticky = true;
    }
  }
  return effect;
}

/** Directories meant to be shared by every user, where `1777` is the norm: /tmp, /var/tmp, /dev/shm, `<anything>/tmp`. */
export function isTmpLike(path: string): boolean {
  const trimmed = path.replace(/\/+$/, '');
  return /^\/dev\/shm$/.test(trimmed) || /(^|\/)(tmp|temp)$/i.test(trimmed);
}
