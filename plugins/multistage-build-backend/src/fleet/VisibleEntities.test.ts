import { mockCredentials } from '@backstage/backend-test-utils';
import { VisibleEntities } from './VisibleEntities';

describe('VisibleEntities', () => {
  const all = ['component:default/a', 'component:default/b', 'component:default/c'];

  function setup(ttlMs: number) {
    let clock = 0;
    const asked: string[] = [];
    const visible = new VisibleEntities({
      entities: { allRefs: async () => all },
      access: {
        visible: async (credentials: any, refs: string[]) => {
          asked.push(credentials.principal.userEntityRef);
          // Jane sees a and c; everyone else only b.
          return new Set(refs.filter(r => (credentials.principal.userEntityRef === 'user:default/jane' ? !r.endsWith('/b') : r.endsWith('/b'))));
        },
      },
      ttlMs,
      now: () => clock,
    });
    return { visible, asked, tick: (ms: number) => (clock += ms) };
  }

  it('answers each caller their own entities, in ref order, and asks again once the time is up', async () => {
    const { visible, asked, tick } = setup(30_000);
    const jane = mockCredentials.user('user:default/jane');
    const joe = mockCredentials.user('user:default/joe');
    expect(await visible.of(jane)).toEqual(['component:default/a', 'component:default/c']);
    expect(await visible.of(joe)).toEqual(['component:default/b']);
    tick(29_999);
    expect(await visible.of(jane)).toEqual(['component:default/a', 'component:default/c']);
    expect(asked).toEqual(['user:default/jane', 'user:default/joe']);
    tick(1);
    await visible.of(jane);
    expect(asked).toEqual(['user:default/jane', 'user:default/joe', 'user:default/jane']);
  });

  it('asks every time when the cache is off', async () => {
    const { visible, asked } = setup(0);
    const jane = mockCredentials.user('user:default/jane');
    await visible.of(jane);
    await visible.of(jane);
    expect(asked).toHaveLength(2);
  });
});
