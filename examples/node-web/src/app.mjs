import express from 'express';
import { readFile } from 'node:fs/promises';
import { formatDuration } from './format.mjs';
import { openRecent } from './recent.mjs';

/** The web app without a listening socket, so the tests can start it on any port. */
export async function createApp({ databasePath } = {}) {
  const page = await readFile(new URL('./index.html', import.meta.url), 'utf8');
  const recent = openRecent(databasePath);
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptime: formatDuration(process.uptime() * 1000) });
  });
  app.get('/format', (req, res) => {
    try {
      const ms = Number(req.query.ms);
      const text = formatDuration(ms);
      recent.add(ms, text);
      res.type('text/plain').send(text);
    } catch (e) {
      res.status(400).type('text/plain').send(String(e.message));
    }
  });
  app.get('/recent', (_req, res) => res.json(recent.latest()));
  app.get('/', (_req, res) => res.type('text/html').send(page));
  return app;
}
