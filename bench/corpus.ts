/*
 * The Dockerfiles the benchmarks read: every file under the given
 * directories whose name the caller accepts, sorted by path. Missing
 * directories are skipped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function dockerfilesUnder(dirs: string[], accept: (fileName: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (accept(entry)) found.push(path);
    }
  };
  dirs.filter(dir => existsSync(dir)).forEach(walk);
  return found.sort();
}
