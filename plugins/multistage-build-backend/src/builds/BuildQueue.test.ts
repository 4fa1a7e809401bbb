import { BuildQueue } from './BuildQueue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('BuildQueue', () => {
  it('runs at most `concurrency` tasks at once, in order, and accounts for every task', async () => {
    const queue = new BuildQueue(2);
    const started: string[] = [];
    const load = { active: 0, peak: 0 };
    const gates = new Map<string, ReturnType<typeof deferred>>();

    for (let i = 0; i < 50; i++) {
      const id = `t${i}`;
      gates.set(id, deferred());
      queue.enqueue(id, async () => {
        started.push(id);
        load.active++;
        load.peak = Math.max(load.peak, load.active);
        await gates.get(id)!.promise;
        load.active--;
        if (i % 7 === 0) throw new Error('a failing build');
      });
    }
    expect(queue.stats).toEqual({ running: 2, waiting: 48, concurrency: 2 });
    for (let i = 0; i < 50; i++) {
      gates.get(`t${i}`)!.resolve();
      await new Promise(r => setImmediate(r));
    }
    await queue.idle();

    expect(load.peak).toBe(2);
    expect(started).toEqual(Array.from({ length: 50 }, (_, i) => `t${i}`));
    expect(queue.stats).toEqual({ running: 0, waiting: 0, concurrency: 2 });
  });

  it('removes a waiting task and aborts a running one', async () => {
    const queue = new BuildQueue(1);
    const gate = deferred();
    let aborted = false;
    let secondRan = false;
    queue.enqueue('first', async signal => {
      signal.addEventListener('abort', () => {
        aborted = true;
        gate.resolve();
      });
      await gate.promise;
    });
    queue.enqueue('second', async () => {
      secondRan = true;
    });

    expect(queue.cancel('second')).toBe('dequeued');
    expect(queue.cancel('first')).toBe('aborted');
    expect(queue.cancel('nope')).toBe('unknown');
    await queue.idle();

    expect(aborted).toBe(true);
    expect(secondRan).toBe(false);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new BuildQueue(0)).toThrow('build concurrency must be a whole number of at least 1, got 0');
  });
});
