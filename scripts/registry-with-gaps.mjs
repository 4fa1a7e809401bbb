#!/usr/bin/env node
/*
 * A local npm registry with gaps, for trying the install's decisions by hand:
 * it passes every request through to the real registry, except that packages
 * whose names match --missing answer 404, for their metadata and their
 * tarballs alike, the way a partial mirror does. Every 404 it serves is
 * printed, so a run shows whether Yarn asked for the missing packages at all.
 *
 *   node scripts/registry-with-gaps.mjs --port 4873 --missing '^@rollup/rollup-(android|darwin)-'
 *   YARN_NPM_REGISTRY_SERVER=http://127.0.0.1:4873 ./scripts/bootstrap/install.sh
 *
 * Listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4873' },
    upstream: { type: 'string', default: process.env.STAGECRAFT_UPSTREAM_REGISTRY ?? 'https://registry.npmjs.org' },
    missing: { type: 'string' },
  },
});
if (!values.missing) {
  console.error('usage: registry-with-gaps.mjs --missing <regex of package names> [--port N] [--upstream URL]');
  process.exit(2);
}
const missing = new RegExp(values.missing);
const upstream = new URL(values.upstream);

/** The package a registry path is about: "/@scope%2fname", "/@scope/name/-/name-1.0.0.tgz", "/name". */
function packageOfPath(path) {
  const parts = decodeURIComponent(path.split('?')[0]).split('/').filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts[0].startsWith('@') ? parts[0].includes('/') ? parts[0] : `${parts[0]}/${parts[1]}` : parts[0];
}

let served404 = 0;
let passed = 0;
let tarballs = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`[registry-with-gaps] passed through ${passed} requests (${tarballs} tarballs), answered ${served404} with 404`);
    process.exit(0);
  });
}
const server = createServer((req, res) => {
  const name = packageOfPath(req.url ?? '/');
  if (name && missing.test(name)) {
    served404 += 1;
    console.error(`[registry-with-gaps] 404 ${req.method} ${req.url} (${name}; ${served404} so far)`);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Not found' }));
    return;
  }
  passed += 1;
  if ((req.url ?? '').includes('/-/')) tarballs += 1;
  const target = new URL(req.url ?? '/', upstream);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...req.headers, host: target.host };
  const forward = send(target, { method: req.method, headers }, answer => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', error => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`upstream error: ${error.message}`);
  });
  req.pipe(forward);
});
server.listen(Number(values.port), '127.0.0.1', () => {
  console.error(`[registry-with-gaps] http://127.0.0.1:${values.port} -> ${upstream.origin}, 404 for /${missing.source}/`);
});
