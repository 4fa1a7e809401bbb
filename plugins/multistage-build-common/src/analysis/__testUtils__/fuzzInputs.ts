/*
 * Fuzz inputs for the analyser: Dockerfiles assembled at random from the
 * grammar's sharp edges (continuations, heredocs, quotes, escapes, flags,
 * variables, directives) and real files mutated byte by byte. Seeded, so a
 * failure can be replayed from the seed alone.
 */

/** mulberry32: small, fast, good enough to pick fragments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keywords = [
  'FROM', 'RUN', 'COPY', 'ADD', 'ARG', 'ENV', 'WORKDIR', 'USER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'LABEL',
  'HEALTHCHECK', 'SHELL', 'VOLUME', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER', 'from', 'Run', 'BOGUS',
];
const fragments = [
  'alpine:3.20', 'node:22 AS build', 'build', 'scratch', '${BASE}', '${BASE:-debian}', '$VAR', '${A:+b}', 'AS',
  '--from=build', '--from=0', '--from=${X}', '--mount=type=cache,target=/root/.npm', '--mount=type=bind,from=deps',
  '--link', '--chown=1000:1000', '--chmod=755', '--platform=$BUILDPLATFORM', '--network=none', '--checksum=sha256:ab',
  '. .', 'package*.json ./', '["npm", "start"]', '["unterminated', '[1, 2]', '{"a": 1}', 'npm ci || true',
  'apt-get update', 'apt-get install -y gcc', 'curl -fsSL https://x | sh', 'KEY=value', 'KEY value', 'A="b c"',
  "'single'", '"double', '\\', '`', '<<EOF', '<<-EOF', "<<'EOF'", '<<e"o"f', '3<<EOF', '#', '# comment', '\\\\',
  '8080/tcp', '80/UDP', '127.0.0.1:80:80', 'root', '65532:65532', 'CMD curl -f http://localhost/', '--interval=5s',
  'http://example.com/a.tar.gz', '.env', 'id_rsa', 'x'.repeat(40), 'é', '\u2028', '\t', '\r',
];
const lineShapes = [
  (r: () => string) => `${r()} ${r()} ${r()}`,
  (r: () => string) => `${r()} ${r()} \\`,
  (r: () => string) => `  ${r()} ${r()}`,
  () => '',
  () => '# syntax=docker/dockerfile:1',
  () => '# escape=`',
  () => '# check=skip=all',
  () => '# stagecraft ignore=unpinned-base-image',
  () => 'EOF',
  () => '\tEOF',
];

/** A random Dockerfile of about `lines` lines. */
export function randomDockerfile(random: () => number, lines: number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const word = () => (random() < 0.35 ? pick(keywords) : pick(fragments));
  const out: string[] = [];
  if (random() < 0.8) out.push(`FROM ${pick(fragments)}`);
  for (let i = 0; i < lines; i++) {
    out.push(random() < 0.6 ? `${pick(keywords)} ${pick(lineShapes)(word)}` : pick(lineShapes)(word));
  }
  return out.join(random() < 0.1 ? '\r\n' : '\n') + (random() < 0.5 ? '\n' : '');
}

const noise = ['\\', '`', '"', "'", '$', '{', '}', '[', ']', '<<', '\n', '\r', '\t', ' ', '#', '=', ',', '\u0000', '€'];

/** A real file with a few random edits: deletions, insertions, duplicated or swapped lines. */
export function mutateDockerfile(random: () => number, text: string): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (result.length + 1));
    const choice = random();
    if (choice < 0.3) {
      result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random() * 8));
    } else if (choice < 0.7) {
      result = result.slice(0, at) + noise[Math.floor(random() * noise.length)] + result.slice(at);
    } else {
      const lines = result.split('\n');
      const a = Math.floor(random() * lines.length);
      const b = Math.floor(random() * lines.length);
      if (choice < 0.85) lines.splice(b, 0, lines[a]);
      else [lines[a], lines[b]] = [lines[b], lines[a]];
      result = lines.join('\n');
    }
  }
  return result;
}

/** Inputs that grow one construct, for checking the analyser stays linear in input size. */
export const growingInputs: Record<string, (size: number) => string> = {
  'continuation lines': n => `FROM alpine:3.20\nRUN echo a \\\n${'  && echo b \\\n'.repeat(n)}  && true\n`,
  'heredoc bodies': n => `FROM alpine:3.20\nRUN <<EOF\n${'echo line\n'.repeat(n)}EOF\n`,
  'unterminated heredoc': n => `FROM alpine:3.20\nRUN <<EOF\n${'echo line\n'.repeat(n)}`,
  'one long shell line': n => `FROM alpine:3.20\nRUN ${'echo "a b" && '.repeat(n)}true\n`,
  'nested variables': n => `ARG A=x\nFROM ${'${A:-'.repeat(Math.min(n, 2000))}a${'}'.repeat(Math.min(n, 2000))}\n`,
  'many stages': n => Array.from({ length: n }, (_, i) => `FROM alpine:3.20 AS s${i}\nCOPY --from=s${Math.floor(i / 2)} /a /a`).join('\n'),
  'comment lines': n => `FROM alpine:3.20\nRUN a \\\n${'# comment\n'.repeat(n)}  b\n`,
  'unclosed quotes': n => `FROM alpine:3.20\nENV A="${'x '.repeat(n)}\n`,
};

/**
 * Hostile inputs, each grown from one knob: the shapes that used to stall
 * the analysis (every stage compared with every other, lineages walked again
 * per stage, expansions that double). `size` is the same scale as
 * growingInputs' (250 to 4,000); stage counts are size / 8, so the largest
 * is the default stage limit. Inputs past a limit must be refused as fast as
 * smaller ones are analysed.
 */
export const adversarialInputs: Record<string, (size: number) => string> = {
  'many stages, bare-word bases': n =>
    Array.from({ length: n / 8 }, (_, i) => `FROM alpine AS s${i}\nRUN echo ${i}`).join('\n'),
  'a chain of stages, each FROM the last': n =>
    Array.from({ length: n / 8 }, (_, i) => (i === 0 ? 'FROM alpine AS s0' : `FROM s${i - 1} AS s${i}\nRUN echo ${i}`)).join('\n'),
  'a --from naming no stage, per stage': n =>
    Array.from({ length: n / 8 }, (_, i) => `FROM alpine:3.20 AS s${i}\nCOPY --from=x${i} /a /a`).join('\n'),
  'ARGs that each double the last': n =>
    ['ARG A0=xxxxxxxxxxxxxxxx', ...Array.from({ length: n / 50 }, (_, i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`), 'FROM alpine:3.20'].join('\n'),
  'ARGs that each repeat a long one': n =>
    [`ARG BIG=${'x'.repeat(30_000)}`, ...Array.from({ length: n / 10 }, (_, i) => `ARG C${i}=\${BIG}`), 'FROM alpine:3.20'].join('\n'),
  'one long physical line': n => `FROM alpine:3.20\nRUN echo ${'a'.repeat(n * 20)}\n`,
  'deep ${} nesting': n => `ARG A=x\nFROM ${'${A:-'.repeat(n)}a${'}'.repeat(n)}\n`,
};
