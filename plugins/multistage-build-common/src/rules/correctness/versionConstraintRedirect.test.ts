import { versionConstraintRedirect as rule } from './versionConstraintRedirect';
import { expectFindings, expectNoFindings } from '../__testUtils__/ruleTester';

const writes = (word: string, command: string, file: string) => ({ word, command, file, writes: true });

describe(rule.id, () => {
  it('fires on unquoted constraints across package managers', () => {
    const text = [
      'FROM python:3.12-slim',
      'RUN apk add --no-cache sqlite>3.38 curl',
      'RUN pip install --no-cache-dir flask>=3.0 "gunicorn>=22"',
      'RUN python3 -m pip install requests<=2.32',
      'RUN npm install -g typescript@>=5 && gem install rails>7',
    ].join('\n');
    expectFindings(rule, text, [
      { line: 2, stage: 0, data: writes('sqlite>3.38', 'apk add', '3.38') },
      { line: 3, data: writes('flask>=3.0', 'pip install', '=3.0') },
      { line: 4, data: { word: 'requests<=2.32', command: 'python3 -m pip install', file: '=2.32', writes: false } },
      { line: 5, data: writes('typescript@>=5', 'npm install', '=5') },
      { line: 5, data: writes('rails>7', 'gem install', '7') },
    ]);
  });

  it('reads a heredoc that is the script, and uv pip install', () => {
    expectFindings(rule, 'FROM python:3.12\nRUN <<EOF\nuv pip install --system "x>=1" numpy>=2\nEOF', [
      { line: 2, endLine: 4, data: writes('numpy>=2', 'uv pip install', '=2') },
    ]);
  });

  it('does not fire on quoted or escaped constraints, or on real redirections', () => {
    expectNoFindings(
      rule,
      [
        'FROM python:3.12',
        `RUN pip install "flask>=3" 'gunicorn<23' uvicorn\\>=0.30 "x"==1`,
        'RUN apt-get install -y curl > /dev/null 2>&1 && apk add curl>/dev/null',
        'RUN pip install -r requirements.txt >>/var/log/pip.log 2>/tmp/err',
        'RUN echo flask>=3 && cat x>2',
      ].join('\n'),
    );
  });

  it('does not read heredoc data or exec forms, which no shell parses', () => {
    expectNoFindings(
      rule,
      'FROM python:3.12\nRUN cat <<EOF > /req.txt\npip install flask>=3\nEOF\nRUN ["pip", "install", "flask>=3"]',
    );
  });

  it('checks every stage, and is silenced by an ignore comment', () => {
    expectFindings(rule, 'FROM alpine:3.20 AS tools\nRUN apk add jq>1.6\nFROM alpine:3.20\nRUN true', [
      { line: 2, stage: 0, data: writes('jq>1.6', 'apk add', '1.6') },
    ]);
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=version-constraint-redirect\nRUN apk add jq>1.6');
  });

  it('reads an npm range glued to @ on its own in a RUN', () => {
    expectFindings(rule, 'FROM node:22\nRUN npm install lodash@>=4.17', [
      { line: 2, data: { word: 'lodash@>=4.17', command: 'npm install', file: '=4.17', writes: true } },
    ]);
  });
});
