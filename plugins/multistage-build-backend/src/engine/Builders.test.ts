import { RecordedEngine } from '../__testUtils__/RecordedEngine';
import { Builder, Builders } from './Builders';
import { DockerEngine } from './DockerEngine';

const up = () => new RecordedEngine([[]]);
const down = () => new DockerEngine({ host: 'unix:///nonexistent/docker.sock' });

describe('Builders', () => {
  it('says builds can run while any builder answers, with its versions; takes claims only for healthy ones', async () => {
    const builders = new Builders([new Builder('one', down(), 2), new Builder('two', up(), 3, ['linux/arm64'])]);
    expect(await builders.status()).toEqual({ available: true, version: 'recorded', apiVersion: '1.41' });
    expect(builders.candidates()).toEqual([{ name: 'two', platforms: ['linux/arm64'], concurrency: 3 }]);
    expect(builders.get('one')!.health).toMatchObject({ healthy: false, reason: expect.stringMatching(/^no Docker engine answers at unix:\/\/\/nonexistent\/docker.sock: connect ENOENT/) });
  });

  it('says why builds cannot run, naming every builder, when none answers', async () => {
    const builders = new Builders([new Builder('one', down(), 2), new Builder('two', down(), 2)]);
    const status = await builders.status();
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/^one: no Docker engine answers at .*; two: no Docker engine answers at .*\. Start dockerd/);
    expect(builders.candidates()).toEqual([]);
  });

  it('takes a builder\'s platform from the engine unless configured', async () => {
    const builders = new Builders([new Builder('native', up(), 1)]);
    expect(builders.get('native')!.platforms).toEqual([]);
    await builders.checkUnchecked();
    expect(builders.get('native')!.platforms).toEqual(['linux/amd64']);
  });
});
