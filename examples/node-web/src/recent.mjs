import Database from 'better-sqlite3';

/** The durations formatted most recently, kept in SQLite (a file, or memory when no path is given). */
export function openRecent(path = ':memory:') {
  const db = new Database(path);
  db.exec('CREATE TABLE IF NOT EXISTS formatted (id INTEGER PRIMARY KEY, ms REAL NOT NULL, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO formatted (ms, text) VALUES (?, ?)');
  const latest = db.prepare('SELECT ms, text FROM formatted ORDER BY id DESC LIMIT ?');
  return {
    add: (ms, text) => insert.run(ms, text),
    latest: (limit = 10) => latest.all(limit),
    close: () => db.close(),
  };
}
