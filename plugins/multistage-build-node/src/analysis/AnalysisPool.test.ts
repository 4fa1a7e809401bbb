/*
 * The pool with real worker threads, running the worker entry from source as
 * the backend does in development (the built package runs the same file).
 */
import { ServiceUnavailableError } from '@backstage/errors';
import { describeDockerfile, UnknownTargetError } from '@stagecraft/plugin-multistage-build-common';
import { AnalysisPool } from './AnalysisPool';
import { AnalysisRefusedError } from './AnalysisRefusedError';

const helloC = [
  'ARG GCC_IMAGE=gcc:12',
  'FROM ${GCC_IMAGE} AS build',
  'COPY . /src',
  'RUN make -C /src',
  'FROM build AS test',
  'RUN make -C /src test',
  'FROM busybox:1.36',
  'COPY --from=build /src/app /app',
  'CMD ["/app"]',
].join('\n');
/** Seconds of work on one thread before the limits existed; about a second now. */
const heavy = (stages: number) =>
  Array.from({ length: stages }, (_, i) => `FROM alpine AS s${i}\nCOPY --from=x${i} /a /a\nRUN echo ${i}`).join('\n');

const pools: AnalysisPool[] = [];
function pool(options: ConstructorParameters<typeof AnalysisPool>[0] = {}) {
  const created = new AnalysisPool(options);
  pools.push(created);
  return created;
}
afterAll(() => Promise.all(pools.map(p => p.close())));

// A worker loads the analysis core from source through Backstage's transform first.
jest.setTimeout(60_000);

describe('AnalysisPool', () => {
  it('answers what the analysis answers in the main thread', async () => {
    const options = { path: 'Dockerfile', text: helloC, target: 'test' };
    expect(await pool().describe(options, 'body.text')).toEqual(describeDockerfile(options));
  });

  it('reports the analysis alone, and converts', async () => {
    const analysis = pool();
    const report = await analysis.analyze({ path: 'Dockerfile', text: helloC }, 'Dockerfile');
    expect(report.stages.map(s => s.name)).toEqual(['build', 'test', null]);
    const converted = await analysis.convert({ text: 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node","index.js"]\n' }, 'Dockerfile');
    expect(converted.ok).toBe(true);
  });

  it('refuses input over a limit with a 422 that names the input, the line and the config key', async () => {
    const error = await pool({ limits: { maxStages: 3 } })
      .describe({ path: 'Dockerfile', text: heavy(5) }, 'body.text')
      .catch(e => e);
    expect(error).toBeInstanceOf(AnalysisRefusedError);
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(
      'body.text: line 10: more than 3 stages (limit maxStages); multistageBuild.analysis.limits.maxStages sets it',
    );
    expect([error.limit, error.line]).toEqual(['maxStages', 10]);
  });

  it('applies the configured limits to conversions too', async () => {
    const error = await pool({ limits: { maxInstructions: 3 } })
      .convert({ text: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","index.js"]\n' }, 'Dockerfile')
      .catch(e => e);
    expect(error).toBeInstanceOf(AnalysisRefusedError);
    expect(error.message).toBe(
      'Dockerfile: line 4: more than 3 instructions (limit maxInstructions); multistageBuild.analysis.limits.maxInstructions sets it',
    );
  });

  it('passes an unknown target back as UnknownTargetError, for the caller to name its field', async () => {
    const error = await pool().describe({ path: 'Dockerfile', text: helloC, target: 'nope' }, 'body.text').catch(e => e);
    expect(error).toBeInstanceOf(UnknownTargetError);
    expect(error.message).toBe('target "nope" is not a stage of this Dockerfile; stages: build, test, 2');
  });

  it('stops an analysis over its time budget, and the next one runs on a fresh worker of the same pool', async () => {
    const analysis = pool({ workers: 1, timeoutMs: 150, limits: { maxStages: 2000 } });
    // Warm: loading the code does not count against the budget, so a small file passes.
    expect((await analysis.analyze({ path: 'Dockerfile', text: helloC }, 'Dockerfile')).stages).toHaveLength(3);
    const started = Date.now();
    const error = await analysis
      .describe({ path: 'Dockerfile', text: heavy(2000) }, 'examples/x/Dockerfile')
      .catch(e => e);
    expect(error).toBeInstanceOf(AnalysisRefusedError);
    expect(error.message).toBe(
      'examples/x/Dockerfile: the analysis took longer than its time budget of 150 ms (multistageBuild.analysis.timeoutMs)',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await analysis.analyze({ path: 'Dockerfile', text: helloC }, 'Dockerfile')).stages).toHaveLength(3);
  });

  it('keeps the event loop free while an analysis runs', async () => {
    const analysis = pool({ workers: 1, limits: { maxStages: 2000 } });
    await analysis.analyze({ path: 'Dockerfile', text: helloC }, 'warm-up');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    let settled = false;
    const running = analysis.analyze({ path: 'Dockerfile', text: heavy(2000) }, 'body.text').finally(() => {
      settled = true;
    });
    // While the worker is busy, timers on this thread keep firing.
    while (!settled && ticks < 3) await new Promise(r => setTimeout(r, 5));
    const ticksWhileRunning = ticks;
    const wasStillRunning = !settled;
    await running;
    clearInterval(ticker);
    expect(wasStillRunning).toBe(true);
    expect(ticksWhileRunning).toBeGreaterThanOrEqual(3);
  });

  it('refuses more waiting analyses than maxQueued with a 503, and everything once closed', async () => {
    const analysis = pool({ workers: 1, maxQueued: 1, limits: { maxStages: 2000 } });
    const first = analysis.analyze({ path: 'Dockerfile', text: heavy(1000) }, 'a');
    const second = analysis.analyze({ path: 'Dockerfile', text: helloC }, 'b');
    const third = await analysis.analyze({ path: 'Dockerfile', text: helloC }, 'c').catch(e => e);
    expect(third).toBeInstanceOf(ServiceUnavailableError);
    expect(third.message).toBe('1 analyses are already waiting (multistageBuild.analysis.maxQueued); try again shortly');
    await Promise.all([first, second]);

    await analysis.close();
    const after = await analysis.analyze({ path: 'Dockerfile', text: helloC }, 'd').catch(e => e);
    expect(after).toBeInstanceOf(ServiceUnavailableError);
  });
});
