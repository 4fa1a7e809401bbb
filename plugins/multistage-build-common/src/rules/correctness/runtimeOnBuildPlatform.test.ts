import { runtimeOnBuildPlatform as rule } from './runtimeOnBuildPlatform';
import { expectFindings, expectFixResolves, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

const build = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN GOARCH=$TARGETARCH go build -o /out/app .';

describe(rule.id, () => {
  it('fires on the shipped stage built on the build platform', () => {
    expectFindings(rule, `${build}\nFROM --platform=\${BUILDPLATFORM} alpine:3.20 AS runtime\nCOPY --from=build /out/app /app\nCMD ["/app"]`, [
      { line: 3, stage: 1, data: { stage: 'stage "runtime"', platform: '${BUILDPLATFORM}' } },
    ]);
  });

  it('fires on a stage the shipped stage is built FROM, and on the BUILDOS/BUILDARCH spelling', () => {
    const text = [
      'FROM --platform=$BUILDOS/$BUILDARCH node:22-slim AS base',
      'RUN npm ci',
      'FROM base',
      'CMD ["node", "server.js"]',
    ].join('\n');
    expectFindings(rule, text, [{ line: 1, stage: 0, data: { stage: 'stage "base"', platform: '$BUILDOS/$BUILDARCH' } }]);
  });

  it('does not fire on build stages that are only copied from, or on $TARGETPLATFORM', () => {
    expectNoFindings(
      rule,
      `${build}\nFROM --platform=$TARGETPLATFORM alpine:3.20\nCOPY --from=build /out/app /app\nCMD ["/app"]`,
    );
    expectNoFindings(rule, `${build}\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nCMD ["/app"]`);
  });

  it('does not fire on a scratch stage that only receives files', () => {
    expectNoFindings(rule, `${build}\nFROM --platform=$BUILDPLATFORM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]`);
  });

  it('does not fire on a static distroless base that only receives files, but does on its debug tag', () => {
    const copy = 'COPY --from=build /out/app /app\nENTRYPOINT ["/app"]';
    expectNoFindings(rule, `${build}\nFROM --platform=$BUILDPLATFORM gcr.io/distroless/static:nonroot\n${copy}`);
    expectNoFindings(rule, `${build}\nFROM --platform=$BUILDPLATFORM cgr.dev/chainguard/static:latest\n${copy}`);
    expectFindings(rule, `${build}\nFROM --platform=$BUILDPLATFORM gcr.io/distroless/static:debug\n${copy}`, [
      { line: 3, data: { stage: 'stage 1', platform: '$BUILDPLATFORM' } },
    ]);
  });

  it('fires on scratch when something runs in it or on it', () => {
    const text = `${build}\nFROM --platform=$BUILDPLATFORM scratch AS root\nCOPY --from=build / /\nFROM root\nRUN ["/bin/setup"]\nCMD ["/app"]`;
    expectFindings(rule, text, [{ line: 3, data: { stage: 'stage "root"', platform: '$BUILDPLATFORM' } }]);
  });

  it('only judges a target that ships an image', () => {
    const text = `FROM --platform=$BUILDPLATFORM golang:1.22 AS test\nRUN go test ./...`;
    expectNoFindings(rule, text);
    expectNoFindings(rule, `${build}\nFROM --platform=$BUILDPLATFORM scratch\nCOPY --from=build /out/app /`);
  });

  it('judges the selected target', () => {
    const text = `${build}\nCMD ["/out/app"]\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nCMD ["/app"]`;
    expectNoFindings(rule, text);
    expectFindings(rule, text, [{ line: 1, data: { stage: 'stage "build"', platform: '$BUILDPLATFORM' } }], { target: 'build' });
  });

  it('drops the flag', () => {
    expect(expectFixResolves(rule, 'FROM  --platform=$BUILDPLATFORM  node:22 AS app\nCMD ["node"]')).toBe(
      'FROM  node:22 AS app\nCMD ["node"]',
    );
  });

  it('offers no fix when the flag sits on a continuation line', () => {
    const [finding] = findingsOf(rule, 'FROM \\\n  --platform=$BUILDPLATFORM \\\n  node:22\nCMD ["node"]');
    expect(finding.line).toBe(1);
    expect(finding.fix).toBeNull();
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(rule, '# stagecraft ignore=runtime-on-build-platform\nFROM --platform=$BUILDPLATFORM node:22\nCMD ["node"]');
  });
});
