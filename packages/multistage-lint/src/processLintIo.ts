import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintIo } from './lintCore';

/** Where {@link processLintIo} reads and writes; the process's own by default. */
export interface ProcessLintIoOptions {
  /** The version the SARIF output names: the installed package's. */
  toolVersion: string;
  /** File arguments are relative to it; `process.cwd()` by default. */
  cwd?: string;
  /** Reads all of standard input, for the file argument `-`. */
  readStdin?: () => string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const readErrors: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/**
 * The command line's input and output for a Node process: files relative to
 * the working directory, `-` for standard input (read once), and the
 * process's streams. A file that cannot be read throws with the reason in a
 * few words, which runLint puts in that file's report.
 */
export function processLintIo(options: ProcessLintIoOptions): LintIo {
  const cwd = options.cwd ?? process.cwd();
  const readStdin = options.readStdin ?? (() => readFileSync(0, 'utf8'));
  let stdinRead = false;
  return {
    readFile(path) {
      if (path === '-') {
        if (stdinRead) throw new Error('standard input was already read (give - once)');
        stdinRead = true;
        return readStdin();
      }
      try {
        return readFileSync(resolve(cwd, path), 'utf8');
      } catch (e) {
        const { code, message } = e as NodeJS.ErrnoException;
        throw new Error((code && readErrors[code]) ?? message);
      }
    },
    stdout: options.stdout ?? (text => process.stdout.write(text)),
    stderr: options.stderr ?? (text => process.stderr.write(text)),
    toolVersion: options.toolVersion,
  };
}
