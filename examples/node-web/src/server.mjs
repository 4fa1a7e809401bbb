import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { formatDuration } from './format.mjs';

const port = Number(process.env.PORT ?? 3000);
const page = await readFile(new URL('./index.html', import.meta.url), 'utf8');

createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ status: 'ok', uptime: formatDuration(process.uptime() * 1000) }));
  }
  if (url.pathname === '/format') {
    try {
      const text = formatDuration(Number(url.searchParams.get('ms')));
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(text);
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end(String(e.message));
    }
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(page);
}).listen(port, () => console.log(`listening on ${port}`));
