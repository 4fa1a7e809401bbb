import { exposeInvalid as rule } from './exposeInvalid';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on mappings, protocol casing, invalid ports and protocols', () => {
    expectFindings(
      rule,
      'FROM nginx:1.27\nEXPOSE 127.0.0.1:8080:80 8443:443/tcp\nEXPOSE 53/UDP\nEXPOSE 70000 80/http 9000-8000',
      [
        { line: 2, stage: 0, data: { port: '127.0.0.1:8080:80', problem: 'mapping' } },
        { line: 2, stage: 0, data: { port: '8443:443/tcp', problem: 'mapping' } },
        { line: 3, stage: 0, data: { port: '53/UDP', problem: 'protocol-case' } },
        { line: 4, stage: 0, data: { port: '70000', problem: 'invalid-port' } },
        { line: 4, stage: 0, data: { port: '80/http', problem: 'invalid-protocol' } },
        { line: 4, stage: 0, data: { port: '9000-8000', problem: 'invalid-port' } },
      ],
    );
  });

  it('does not fire on valid ports, ranges, protocols or variables', () => {
    expectNoFindings(
      rule,
      'FROM nginx:1.27\nARG PORT=8080\nEXPOSE 80 443/tcp 53/udp 9000-9010/sctp 0 $PORT ${PORT}/udp',
    );
  });

  it('keeps the container port and lower-cases the protocol', () => {
    expect(
      expectFixResolves(rule, 'FROM nginx:1.27\nEXPOSE 80 127.0.0.1:8080:8080/TCP \\\n  443:443 53/UDP'),
    ).toBe('FROM nginx:1.27\nEXPOSE 80 8080/tcp 443 53/udp');
    expect(expectFixResolves(rule, 'FROM nginx:1.27\nexpose [::1]:80:80')).toBe('FROM nginx:1.27\nexpose 80');
  });

  it('offers no fix for an invalid port or protocol', () => {
    expect(findingsOf(rule, 'FROM nginx:1.27\nEXPOSE http').map(f => [f.message, f.fix])).toEqual([
      [rule.message({ port: 'http', problem: 'invalid-port' }), null],
    ]);
  });

  it('checks every stage, ARG-based and scratch ones included, in Windows escape files too', () => {
    expectFindings(
      rule,
      '# escape=`\nARG BASE=nginx:1.27\nFROM ${BASE} AS unused\nEXPOSE 80/TCP\nFROM scratch\nEXPOSE 8080:80',
      [
        { line: 4, stage: 0, data: { port: '80/TCP', problem: 'protocol-case' } },
        { line: 6, stage: 1, data: { port: '8080:80', problem: 'mapping' } },
      ],
    );
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, 'FROM nginx:1.27\n# stagecraft ignore=expose-invalid\nEXPOSE 80/TCP');
  });
});
