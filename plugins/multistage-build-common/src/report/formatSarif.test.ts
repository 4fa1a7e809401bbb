import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { analyzeDockerfile } from '../analysis/analyzeDockerfile';
import { allRules } from '../rules';
import { formatSarif } from './formatSarif';
import schema from './__fixtures__/sarif-schema-2.1.0.json';

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const reports = [
  analyzeDockerfile({
    path: 'services/api/Dockerfile',
    text: 'FROM alpine:3.20 AS build\nMAINTAINER ops\nRUN make\nFROM scratch\nCOPY --from=build /out /out\n',
  }).report,
  analyzeDockerfile({ path: 'broken dir/Dockerfile', text: 'FROM alpine:3.20\nENV PATH\n' }).report,
];

describe('formatSarif', () => {
  it('produces a log that validates against the SARIF 2.1.0 schema', () => {
    const validate = validator();
    const log = JSON.parse(formatSarif(reports, { rules: allRules, toolVersion: '1.2.3' }));

    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  it('lists every rule and points results at them by index, parse errors included', () => {
    const log = JSON.parse(formatSarif(reports, { rules: allRules, toolVersion: '1.2.3' }));
    const run = log.runs[0];
    const ruleIds: string[] = run.tool.driver.rules.map((r: { id: string }) => r.id);

    expect(ruleIds).toEqual(['parse-error', ...allRules.map(r => r.id)]);
    expect(run.tool.driver.version).toBe('1.2.3');
    for (const result of run.results) expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);

    const maintainer = run.results.find((r: any) => r.ruleId === 'maintainer-deprecated');
    expect(maintainer).toMatchObject({
      level: 'note',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'services/api/Dockerfile' },
            region: { startLine: 2, endLine: 2 },
          },
        },
      ],
      fixes: [{ artifactChanges: [{ replacements: [{ deletedRegion: { startLine: 2, endLine: 2 } }] }] }],
    });
    const parseError = run.results.find((r: any) => r.ruleId === 'parse-error');
    expect(parseError).toMatchObject({
      level: 'error',
      message: { text: 'ENV must have two arguments' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'broken%20dir/Dockerfile' }, region: { startLine: 2 } } }],
    });
  });

  it('rejects a log with a broken result, so the schema check can fail', () => {
    const validate = validator();
    const log = JSON.parse(formatSarif(reports, { rules: allRules, toolVersion: '1.2.3' }));
    log.runs[0].results[0].level = 'fatal';

    expect(validate(log)).toBe(false);
  });
});
