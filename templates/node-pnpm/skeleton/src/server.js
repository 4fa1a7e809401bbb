import { createServer } from 'node:http';
import { handle } from './app.js';

const port = Number(process.env.PORT ?? 3000);

const server = createServer((req, res) => {
  const { status, body } = handle(req.method, new URL(req.url, 'http://localhost').pathname);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
});
server.listen(port, () => console.log(`listening on ${port}`));
// The container stops with SIGTERM; close the socket and let Node exit.
process.on('SIGTERM', () => server.close());
