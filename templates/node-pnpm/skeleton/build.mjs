// Writes dist/: the server and its modules, ready for `node dist/server.js`.
// Replace with your bundler or compiler; the Dockerfile runs `npm run build`.
import { cp, mkdir, rm } from 'node:fs/promises';

await rm('dist', { recursive: true, force: true });
await mkdir('dist');
await cp('src', 'dist', { recursive: true });
console.log('dist/ written');
