/*
 * EXPOSE documents container ports; it cannot publish them. BuildKit accepts
 * `ip:host:container` and `host:container` but ignores the host part (and
 * will reject it in a future release), rejects an unknown protocol or a port
 * outside 0-65535 at build time, and warns on an upper-case protocol. The
 * fix keeps the container port and lower-cases the protocol; an invalid
 * port or protocol has no mechanical fix. Words with variables are expanded
 * only at build time and are not judged.
 */
import { defineRule } from '../types';
import { writtenKeyword } from '../shared/instructionSource';

type ExposeProblem = 'mapping' | 'protocol-case' | 'invalid-port' | 'invalid-protocol';

/** What BuildKit's port-spec parser says about one EXPOSE word, or null when it is fine. */
function judge(word: string): ExposeProblem | null {
  const parts = word.split(':');
  const last = parts[parts.length - 1];
  const slash = last.indexOf('/');
  const port = slash < 0 ? last : last.slice(0, slash);
  const proto = slash < 0 ? '' : last.slice(slash + 1);
  if (!['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return 'invalid-protocol';
  const range = /^(\d+)(?:-(\d+))?$/.exec(port);
  const [start, end] = range ? [Number(range[1]), Number(range[2] ?? range[1])] : [NaN, NaN];
  if (!(start <= 65535 && end <= 65535 && start <= end)) return 'invalid-port';
  if (parts.length > 1) return 'mapping';
  return proto !== proto.toLowerCase() ? 'protocol-case' : null;
}

/** The word as it should be written: container port only, protocol lower-cased. */
function fixed(word: string): string {
  const containerPort = word.split(':').pop() ?? word;
  const slash = containerPort.indexOf('/');
  return slash < 0 ? containerPort : containerPort.slice(0, slash) + containerPort.slice(slash).toLowerCase();
}

const messages: Record<ExposeProblem, (port: string) => string> = {
  mapping: port =>
    `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'; ` +
    'EXPOSE cannot publish ports',
  'protocol-case': port => `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
  'invalid-port': port => `EXPOSE '${port}' is not a valid port or port range (0-65535); the build fails`,
  'invalid-protocol': port => `EXPOSE '${port}' has an unknown protocol (tcp, udp or sctp); the build fails`,
};

export const exposeInvalid = defineRule<{ port: string; problem: ExposeProblem }>({
  id: 'expose-invalid',
  severity: 'warning',
  category: 'style',
  description: 'EXPOSE has an invalid port or protocol, or an ip:port mapping it cannot apply.',
  alsoKnownAs: 'ExposeInvalidFormat, ExposeProtoCasing',
  message: ({ port, problem }) => messages[problem](port),
  check: context =>
    context.parsed.instructions
      .filter(i => i.keyword === 'EXPOSE')
      .flatMap(instruction =>
        instruction.args.flatMap(port => {
          const problem = port.includes('$') ? null : judge(port);
          if (problem === null) return [];
          return [
            {
              line: instruction.line,
              endLine: instruction.endLine,
              stage: context.stageOf(instruction)?.index ?? null,
              data: { port, problem },
            },
          ];
        }),
      ),
  fix: (context, problem) => {
    if (problem.data.problem !== 'mapping' && problem.data.problem !== 'protocol-case') return null;
    const instruction = context.instructionAt(problem.line);
    if (!instruction) return null;
    const words = instruction.args.map(word => {
      const verdict = word.includes('$') ? null : judge(word);
      return verdict === 'mapping' || verdict === 'protocol-case' ? fixed(word) : word;
    });
    return {
      title: 'Keep the container port and lower-case the protocol',
      edits: [
        {
          line: problem.line,
          endLine: problem.endLine,
          text: `${writtenKeyword(instruction)} ${words.join(' ')}`,
        },
      ],
    };
  },
});
