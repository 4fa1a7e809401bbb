import { isTmpLike, readMode } from './fileModes';

describe('readMode', () => {
  it('reads octal modes', () => {
    expect(readMode('777')).toEqual({ othersWrite: true, othersWriteRemoved: false, sticky: false });
    expect(readMode('0666')?.othersWrite).toBe(true);
    expect(readMode('1777')).toEqual({ othersWrite: true, othersWriteRemoved: false, sticky: true });
    expect(readMode('775')).toEqual({ othersWrite: false, othersWriteRemoved: true, sticky: false });
    expect(readMode('0755')?.othersWrite).toBe(false);
  });

  it('reads symbolic modes, with umask-filtered clauses not counting', () => {
    expect(readMode('o+w')?.othersWrite).toBe(true);
    expect(readMode('a+rwx')?.othersWrite).toBe(true);
    expect(readMode('ugo+rw')?.othersWrite).toBe(true);
    expect(readMode('u+x,o=rwx')?.othersWrite).toBe(true);
    expect(readMode('+w')?.othersWrite).toBe(false);
    expect(readMode('g+w')?.othersWrite).toBe(false);
    expect(readMode('a+rwxt')).toEqual({ othersWrite: true, othersWriteRemoved: false, sticky: true });
    expect(readMode('go-w')).toEqual({ othersWrite: false, othersWriteRemoved: true, sticky: false });
    expect(readMode('a=rx')?.othersWriteRemoved).toBe(true);
    expect(readMode('+x')?.othersWriteRemoved).toBe(false);
  });

  it('gives up on anything else', () => {
    expect(readMode('$MODE')).toBeNull();
    expect(readMode('--reference=/etc')).toBeNull();
    expect(readMode('u+q')).toBeNull();
  });
});

describe('isTmpLike', () => {
  it('knows the shared scratch directories', () => {
    expect(['/tmp', '/var/tmp/', '/dev/shm', '/app/tmp', '${HOME}/temp'].map(isTmpLike)).toEqual([true, true, true, true, true]);
    expect(['/app', '/tmp/cache', '/var/log'].map(isTmpLike)).toEqual([false, false, false]);
  });
});
