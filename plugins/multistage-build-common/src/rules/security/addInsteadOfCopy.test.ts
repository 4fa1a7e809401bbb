import { addInsteadOfCopy as rule } from './addInsteadOfCopy';
import { expectFindings, expectFixResolves, expectNoFindings } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on ADD of local files and directories', () => {
    expectFindings(rule, 'FROM python:3.12-slim\nADD requirements.txt app/ /srv/', [
      { line: 2, stage: 0, data: { sources: ['requirements.txt', 'app/'] } },
    ]);
  });

  it('does not fire on archives, URLs, variables or heredocs', () => {
    expectNoFindings(
      rule,
      [
        'FROM alpine:3.20',
        'ADD rootfs.tar.gz /',
        'ADD vendor.tgz deps.tar.xz /opt/',
        'ADD https://example.com/tool /usr/local/bin/tool',
        'ARG SRC=app',
        'ADD $SRC /srv/',
        'ADD <<EOF /etc/motd',
        'hello',
        'EOF',
        'COPY app.py /srv/',
      ].join('\n'),
    );
  });

  it('fixes to COPY, keeping the keyword case and COPY flags and dropping ADD-only flags', () => {
    expect(
      expectFixResolves(rule, 'FROM alpine:3.20\nADD --chown=app:app --chmod=644 config/ /etc/app/'),
    ).toBe('FROM alpine:3.20\nCOPY --chown=app:app --chmod=644 config/ /etc/app/');
    expect(
      expectFixResolves(rule, 'from alpine:3.20\nadd --keep-git-dir=true --link ./repo /src\nrun true'),
    ).toBe('from alpine:3.20\ncopy --link ./repo /src\nrun true');
  });

  it('fixes JSON form and continuation lines', () => {
    expect(expectFixResolves(rule, 'FROM alpine:3.20\nADD ["my file.txt", "/data/"]')).toBe(
      'FROM alpine:3.20\nCOPY ["my file.txt", "/data/"]',
    );
    expect(expectFixResolves(rule, 'FROM alpine:3.20\nADD a.txt \\\n    b.txt /data/')).toBe(
      'FROM alpine:3.20\nCOPY a.txt \\\n    b.txt /data/',
    );
  });

  it('checks every stage, and works with scratch, ARG-based images and Windows escapes', () => {
    expectFindings(rule, 'ARG BASE=alpine:3.20\nFROM ${BASE} AS unused\nADD a /a\nFROM scratch\nADD b /b', [
      { line: 3, stage: 0, data: { sources: ['a'] } },
      { line: 5, stage: 1, data: { sources: ['b'] } },
    ]);
    expect(
      expectFixResolves(
        rule,
        '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nADD app.exe C:\\app\\',
      ),
    ).toBe('# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:\\app\\');
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM alpine:3.20\n# stagecraft ignore=add-instead-of-copy\nADD a.txt /a.txt');
  });
});
