import { missingHealthcheck as rule } from './missingHealthcheck';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on the final FROM when the image exposes ports without a HEALTHCHECK', () => {
    expectFindings(
      rule,
      'FROM node:22-slim AS app\nEXPOSE 3000\nEXPOSE 9229/tcp 3000\nCMD ["node", "server.js"]',
      [{ line: 1, stage: 0, data: { stage: 'stage "app"', ports: ['3000', '9229/tcp'] } }],
    );
  });

  it('does not fire with a HEALTHCHECK, HEALTHCHECK NONE, or no EXPOSE', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nEXPOSE 3000\nHEALTHCHECK CMD node healthcheck.js');
    expectNoFindings(rule, 'FROM node:22-slim\nEXPOSE 3000\nHEALTHCHECK NONE');
    expectNoFindings(rule, 'FROM node:22-slim\nCMD ["node", "worker.js"]');
  });

  it('counts EXPOSE and HEALTHCHECK inherited through FROM, not through COPY --from', () => {
    expectFindings(rule, 'FROM nginx:1.27 AS Web\nEXPOSE 80\nFROM web\nCOPY site /usr/share/nginx/html', [
      { line: 3, stage: 1, data: { stage: 'stage 1', ports: ['80'] } },
    ]);
    expectNoFindings(
      rule,
      'FROM nginx:1.27 AS web\nHEALTHCHECK CMD curl -f http://localhost/\nFROM web\nEXPOSE 80',
    );
    expectNoFindings(rule, 'FROM nginx:1.27\nEXPOSE 80\nFROM scratch\nCOPY --from=0 /etc/nginx /etc/nginx');
  });

  it('judges only the selected target, also when its base is an ARG', () => {
    const text =
      'ARG BASE=node:22\nFROM ${BASE} AS web\nEXPOSE 9229\nFROM node:22-slim AS worker\nCMD ["node", "w.js"]';
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 2, stage: 0, data: { stage: 'stage "web"', ports: ['9229'] } }], {
      target: 'web',
    });
  });

  it('works with a Windows escape directive, and offers no fix', () => {
    const text =
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022\nEXPOSE 80';
    expectFindings(rule, text, [{ line: 2, data: { stage: 'stage 0', ports: ['80'] } }]);
    expect(findingsOf(rule, text)[0].fix).toBeNull();
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=missing-healthcheck\nFROM node:22-slim\nEXPOSE 3000');
  });

  it('does not count ports held in variables that nothing declares', () => {
    expectNoFindings(rule, 'FROM node:22-slim\nEXPOSE ${PORT}\nCMD ["node", "server.js"]');
    expectFindings(rule, 'FROM node:22-slim\nARG PORT=3000\nEXPOSE ${PORT}\nCMD ["node", "server.js"]', [
      { line: 1, data: { stage: 'stage 0', ports: ['${PORT}'] } },
    ]);
  });

  it('does not fire when the image runs the tests', () => {
    expectNoFindings(rule, 'FROM python:3.12\nEXPOSE 8000\nCMD ["pytest"]');
  });
});
