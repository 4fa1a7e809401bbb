import { mockServices } from '@backstage/backend-test-utils';
import { defaultBuildConfig, type BuildEvent } from '@stagecraft/plugin-multistage-build-common';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { buildStores } from '../__testUtils__/buildStores';
import { RunEvents } from '../builds/RunEvents';

const { databases, ids } = createTestDatabases();

const log = (text: string): BuildEvent => ({ type: 'log', digest: 'sha256:s', stage: 'build', text });

describe.each(ids)('stored build events on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const stores = await buildStores(database);
    const id = randomUUID();
    await stores.runs.createRun({ id, entityRef: 'component:default/a', target: null, config: defaultBuildConfig, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
    return { ...stores, id };
  }

  it('numbers events in order without gaps, also when writers append at once', async () => {
    const { eventStore, id } = await setup();
    await Promise.all(Array.from({ length: 10 }, (_, i) => eventStore.append(id, [log(`${i}a`), log(`${i}b`)])));
    const all = await eventStore.since(id, 0);
    expect(all.map(e => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each writer's pair stays together and in order.
    for (let i = 0; i < 20; i += 2) expect((all[i + 1].event as { text: string }).text).toBe((all[i].event as { text: string }).text.replace('a', 'b'));
    expect((await eventStore.since(id, 18)).map(e => e.seq)).toEqual([19, 20]);
    await expect(eventStore.append('nope', [log('x')])).rejects.toThrow('build run nope does not exist');
  });

  it('delivers what one replica publishes to a subscriber on another, once each and in order', async () => {
    const { eventStore, id } = await setup();
    // The writer's events reach the reader through the store only: by LISTEN/NOTIFY on PostgreSQL
    // (polling set far apart, so a pass within the test's time shows the notification worked) and by polling on SQLite.
    const postgres = databaseId.startsWith('POSTGRES');
    const writer = new RunEvents({ store: eventStore, flushMs: 10 });
    const reader = new RunEvents({ store: eventStore, pollMs: postgres ? 60_000 : 50 });
    await reader.listen();
    const seen: number[] = [];
    const texts: string[] = [];
    writer.publish(id, log('before '));
    await writer.flush(id);
    const done = new Promise<void>(resolvePromise => {
      reader.subscribe(id, 0, ({ seq, event }) => {
        seen.push(seq);
        if (event.type === 'log') texts.push(event.text);
        if (event.type === 'finished') resolvePromise();
      });
    });
    await new Promise(r => setTimeout(r, 50));
    for (let i = 0; i < 30; i++) writer.publish(id, log(`${i} `));
    await new Promise(r => setTimeout(r, 30));
    const run = { id } as never;
    writer.publish(id, { type: 'finished', run });
    await done;
    expect(seen).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(texts.join('')).toBe(`before ${Array.from({ length: 30 }, (_, i) => `${i} `).join('')}`);
    await writer.close();
    await reader.close();
  });

  it('removes the events of runs that ended before a time, and keeps the rest', async () => {
    const { eventStore, runs, id } = await setup();
    await eventStore.append(id, [log('x')]);
    expect(await eventStore.removeEventsOfRunsEndedBefore(new Date())).toBe(0);
    await runs.updateRun(id, { status: 'succeeded', finishedAt: new Date(Date.now() - 1000).toISOString() });
    expect(await eventStore.removeEventsOfRunsEndedBefore(new Date(Date.now() - 5000))).toBe(0);
    expect(await eventStore.removeEventsOfRunsEndedBefore(new Date())).toBe(1);
    expect(await eventStore.since(id, 0)).toEqual([]);
  });
});
