import { ConfigReader } from '@backstage/config';
import { readBuildAccess } from './buildAccessConfig';

const read = (multistageBuild: object) => () => readBuildAccess(new ConfigReader({ multistageBuild }).getConfig('multistageBuild'));

describe('readBuildAccess', () => {
  it('reads secrets, SSH agents and registries with the entities each is granted to', () => {
    const settings = read({
      secrets: [{ id: 'npm_token', env: 'NPM_TOKEN', entities: ['component:default/*'] }],
      ssh: [{ id: 'default', keyFile: '/etc/keys/deploy', entities: ['*'] }],
      registries: [{ host: 'Localhost:5000', username: 'u', password: 'p', insecure: true, entities: ['*'] }],
    })();
    expect(settings.secrets[0]).toEqual({ id: 'npm_token', value: undefined, env: 'NPM_TOKEN', entities: ['component:default/*'] });
    expect(settings.ssh[0]).toMatchObject({ id: 'default', keyFile: '/etc/keys/deploy' });
    expect(settings.registries[0]).toMatchObject({ host: 'localhost:5000', insecure: true });
  });

  it('refuses a bad entry by its config path', () => {
    expect(read({ secrets: [{ id: 't', value: 'v', env: 'E', entities: ['*'] }] })).toThrow('multistageBuild.secrets[0]: set exactly one of value and env');
    expect(read({ secrets: [{ id: 't', value: 'v', entities: [] }] })).toThrow('multistageBuild.secrets[0].entities is empty');
    expect(read({ secrets: [{ id: 'a b', value: 'v', entities: ['*'] }] })).toThrow('multistageBuild.secrets[0].id: "a b" must be letters');
    expect(read({ ssh: [{ id: 'x', entities: ['*'] }] })).toThrow('multistageBuild.ssh[0]: set exactly one of agentSocket and keyFile');
    expect(read({ ssh: [{ id: 'k', keyFile: '/a', entities: ['*'] }, { id: 'k', keyFile: '/b', entities: ['*'], builders: ['one'] }] })).toThrow(
      'multistageBuild.ssh[1]: "k" is listed twice for the same builder',
    );
    expect(read({ ssh: [{ id: 'k', keyFile: '/a', entities: ['*'], builders: ['one'] }, { id: 'k', keyFile: '/b', entities: ['*'], builders: ['two'] }] })).not.toThrow();
    expect(read({ registries: [{ host: 'https://r.example', entities: ['*'] }] })).toThrow('multistageBuild.registries[0].host: "https://r.example" must be a registry host');
    expect(read({ registries: [{ host: 'r.example', username: 'u', entities: ['*'] }] })).toThrow('multistageBuild.registries[0]: set both username and password, or neither');
  });
});
