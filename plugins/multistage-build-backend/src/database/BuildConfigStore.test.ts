import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { defaultBuildConfig, type BuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseBuildConfigStore } from './BuildConfigStore';

const { databases, ids } = createTestDatabases();

const config: BuildConfig = {
  target: 'runtime',
  buildArgs: { GCC_IMAGE: 'stagecraft/gcc:12' },
  platforms: ['linux/amd64'],
  cache: { from: ['type=local,src=/tmp/cache'], to: [], disabled: false },
  stageOverrides: { test: { noCache: true } }, secrets: [], ssh: [], push: null,
};

describe.each(ids)('DatabaseBuildConfigStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex, migrations: { skip: false } });
    return { knex, store: await DatabaseBuildConfigStore.create({ database }) };
  }

  it('answers the defaults at version 0 before the first save', async () => {
    const { store } = await createStore();

    expect(await store.get('component:default/a')).toEqual({
      entityRef: 'component:default/a',
      config: defaultBuildConfig,
      version: 0,
      updatedBy: null,
      updatedAt: null,
    });
  });

  it('saves, reads back and versions each save', async () => {
    const { store } = await createStore();

    const first = await store.save({ entityRef: 'component:default/a', config, expectedVersion: 0, updatedBy: 'user:default/jane' });
    const second = await store.save({
      entityRef: 'component:default/a',
      config: { ...config, target: 'test' },
      expectedVersion: 1,
      updatedBy: 'user:default/joe',
    });

    expect(first.version).toBe(1);
    expect(second.version).toBe(2);
    const read = await store.get('component:default/a');
    expect(read).toMatchObject({ version: 2, updatedBy: 'user:default/joe', config: { ...config, target: 'test' } });
    expect(Date.parse(read.updatedAt!)).not.toBeNaN();
  });

  it('refuses a stale write with a conflict and keeps what was stored', async () => {
    const { store } = await createStore();
    await store.save({ entityRef: 'component:default/a', config, expectedVersion: 0, updatedBy: null });
    await store.save({ entityRef: 'component:default/a', config: { ...config, target: 'x' }, expectedVersion: 1, updatedBy: null });

    const stale = store.save({ entityRef: 'component:default/a', config: { ...config, target: 'y' }, expectedVersion: 1, updatedBy: null });
    const staleFirst = store.save({ entityRef: 'component:default/a', config, expectedVersion: 0, updatedBy: null });

    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(
      'The build configuration of component:default/a is at version 2, not 1: someone saved it meanwhile.',
    );
    await expect(staleFirst).rejects.toThrow(ConflictError);
    expect(await store.get('component:default/a')).toMatchObject({ version: 2, config: { target: 'x' } });
  });

  it('lets exactly one of 200 concurrent writers of a version win; the others get a conflict, none overwrites', async () => {
    const { store } = await createStore();
    await store.save({ entityRef: 'component:default/a', config, expectedVersion: 0, updatedBy: null });

    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        store.save({ entityRef: 'component:default/a', config: { ...config, target: `t${i}` }, expectedVersion: 1, updatedBy: null }),
      ),
    );

    const won = results.filter(r => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter(r => r.status === 'rejected').every(r => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
    const winner = (won[0] as PromiseFulfilledResult<{ config: BuildConfig }>).value.config.target;
    expect((await store.get('component:default/a')).config.target).toBe(winner);
  });

  // Every writer retries until it wins: quadratic in writers, so fewer of them than above.
  it('loses no update among 30 concurrent read-modify-write saves that retry on conflict', async () => {
    const { store } = await createStore();
    const entityRef = 'component:default/busy';

    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        for (;;) {
          const current = await store.get(entityRef);
          try {
            await store.save({
              entityRef,
              config: { ...current.config, buildArgs: { ...current.config.buildArgs, [`ARG_${i}`]: String(i) } },
              expectedVersion: current.version,
              updatedBy: null,
            });
            return;
          } catch (e) {
            if (!(e instanceof ConflictError)) throw e;
          }
        }
      }),
    );

    const final = await store.get(entityRef);
    expect(final.version).toBe(30);
    expect(Object.keys(final.config.buildArgs)).toHaveLength(30);
  }, 60_000);

  it('keeps every saved version, newest first, and none for a refused stale save', async () => {
    const { store } = await createStore();
    const entityRef = 'component:default/history';
    await store.save({ entityRef, config: defaultBuildConfig, expectedVersion: 0, updatedBy: 'user:default/a' });
    await store.save({
      entityRef,
      config: { ...defaultBuildConfig, buildArgs: { GCC: '13' } },
      expectedVersion: 1,
      updatedBy: 'user:default/b',
    });
    await expect(
      store.save({ entityRef, config: { ...defaultBuildConfig, target: 'x' }, expectedVersion: 1, updatedBy: 'user:default/c' }),
    ).rejects.toBeInstanceOf(ConflictError);

    const history = await store.history(entityRef);
    expect(history.map(v => [v.version, v.updatedBy, v.config.buildArgs])).toEqual([
      [2, 'user:default/b', { GCC: '13' }],
      [1, 'user:default/a', {}],
    ]);
    expect(new Date(history[0].updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(history[1].updatedAt).getTime());
    expect(await store.history(entityRef, { limit: 1 })).toHaveLength(1);
    expect(await store.history('component:default/never')).toEqual([]);
  });
});
