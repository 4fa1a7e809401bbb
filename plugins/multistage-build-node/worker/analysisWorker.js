/*
 * The worker thread behind AnalysisPool (src/analysis/AnalysisPool.ts). Plain
 * CommonJS outside src/, so the same file runs from the built package and
 * from source: from source, the common package's entry point is TypeScript,
 * and Backstage's own Node transform is loaded to run it, as the backend's
 * `yarn start` does for the main thread.
 */
'use strict';
const { parentPort } = require('node:worker_threads');

const commonEntry = require.resolve('@stagecraft/plugin-multistage-build-common');
if (/\.tsx?$/.test(commonEntry)) {
  require('@backstage/cli/config/nodeTransform.cjs');
}
const common = require('@stagecraft/plugin-multistage-build-common');

const tasks = {
  /** The tab's response: report, stages, graph, critical path. */
  describe: options => common.describeDockerfile(options),
  /** The report alone (scaffolder actions, the command line's shape). */
  analyze: options => common.analyzeDockerfile(options).report,
  /** Single-stage to multi-stage conversion. */
  convert: options => common.convertToMultiStage(options),
};

/** Errors cross the thread boundary as plain data; the pool turns them back into classes. */
function describeError(error) {
  return {
    name: error && error.name ? String(error.name) : 'Error',
    message: error && error.message ? String(error.message) : String(error),
    limit: error && error.limit,
    max: error && error.max,
    line: error && error.line,
  };
}

// Loaded: the pool starts an analysis's time budget only from here, so loading
// the code (and, from source, compiling it) does not count against it.
parentPort.postMessage({ ready: true });

parentPort.on('message', ({ id, task, options }) => {
  try {
    const run = tasks[task];
    if (!run) throw new Error(`unknown analysis task "${task}"`);
    parentPort.postMessage({ id, result: run(options) });
  } catch (error) {
    parentPort.postMessage({ id, error: describeError(error) });
  }
});
