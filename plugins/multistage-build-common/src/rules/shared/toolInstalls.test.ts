import { shellCommands } from '../../shell/shellCommands';
import { toolInstall } from './toolInstalls';

const read = (script: string) => toolInstall(shellCommands(script)[0]);

describe('toolInstall', () => {
  it.each([
    ['npm install -g typescript ts-node@10.9.2', 'npm install -g', ['typescript']],
    ['npm i --global @angular/cli npm@latest', 'npm install -g', ['@angular/cli', 'npm@latest']],
    ['sudo npm --loglevel warn install --location global serve', 'npm install -g', ['serve']],
    ['pnpm add -g turbo', 'pnpm add -g', ['turbo']],
    ['then npm i -g pm2', 'npm install -g', ['pm2']],
    ['yarn global add --prefix /usr/local nodemon', 'yarn global add', ['nodemon']],
    ['pip install --no-cache-dir pip poetry uvicorn[standard] requests "gunicorn>=21"', 'pip install', ['poetry', 'uvicorn[standard]']],
    ['python3 -m pip install --user pipx', 'pip install', ['pipx']],
    ['go install -v golang.org/x/tools/gopls@latest github.com/a/b@v1.2.3', 'go install', ['golang.org/x/tools/gopls@latest']],
    ['cargo install --locked cargo-chef sccache@0.8.1', 'cargo install', ['cargo-chef']],
    ['gem install bundler --no-document', 'gem install', ['bundler']],
  ])('reads %s', (script, installer, unpinned) => {
    expect(read(script)).toEqual({ installer, unpinned });
  });

  it.each([
    'npm install -g npm@10.8.1 pnpm@$PNPM_VERSION',
    'npm install -g ./tool.tgz user/repo $PKG',
    'pip install -r requirements.txt poetry',
    'pip install -qr requirements.txt',
    'pip install -e . flask',
    'pip install poetry==1.8.3 "black~=24.1"',
    'pip install --upgrade pip setuptools wheel',
    'go install ./cmd/app',
    'cargo install --path . --locked',
    'cargo install --version 0.1.62 cargo-chef',
    'gem install bundler -v 2.5.6',
    'gem install bundler:2.5.6 ./local.gem',
  ])('finds nothing unpinned in %s', script => {
    expect(read(script)?.unpinned ?? []).toEqual([]);
  });

  it('ignores local installs and other commands', () => {
    expect(read('npm install typescript')).toBeNull();
    expect(read('yarn add typescript')).toBeNull();
    expect(read('corepack enable')).toBeNull();
    expect(read('go build ./...')).toBeNull();
  });
});
