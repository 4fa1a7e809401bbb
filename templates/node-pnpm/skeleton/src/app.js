/** Answers one request; kept apart from the listening socket so the tests can call it directly. */
export function handle(method, path) {
  if (method !== 'GET') return { status: 405, body: { error: 'method not allowed' } };
  if (path === '/healthz') return { status: 200, body: { status: 'ok' } };
  if (path === '/') return { status: 200, body: { service: process.env.SERVICE_NAME ?? 'service', message: 'hello' } };
  return { status: 404, body: { error: `no route ${path}` } };
}
