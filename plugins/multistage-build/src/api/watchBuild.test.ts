import type { BuildEvent } from '@stagecraft/plugin-multistage-build-common';
import { MultistageBuildClient } from './MultistageBuildClient';

function streamOf(text: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(text));
      controller.close();
    },
  });
}

const block = (id: number, event: BuildEvent) => `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const log = (text: string): BuildEvent => ({ type: 'log', digest: 'sha256:s', stage: 'build', text });

describe('MultistageBuildClient.watchBuild', () => {
  it('resumes a dropped stream after the last event it saw, so nothing repeats or goes missing', async () => {
    const asked: (string | null)[] = [];
    const bodies = [
      block(1, log('a')) + block(2, log('b')),
      block(3, log('c')) + block(4, { type: 'finished', run: { id: 'r' } as never }),
    ];
    const fetchApi = {
      fetch: jest.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
        asked.push(new Headers(init?.headers).get('Last-Event-ID'));
        return new Response(streamOf(bodies.shift()!), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
      }),
    };
    const client = new MultistageBuildClient({ discoveryApi: { getBaseUrl: async () => 'http://backend/api/multistage-build' }, fetchApi });
    const seen: BuildEvent[] = [];
    await client.watchBuild('r', event => seen.push(event), new AbortController().signal);
    expect(asked).toEqual([null, '2']);
    expect(seen.map(e => (e.type === 'log' ? e.text : e.type))).toEqual(['a', 'b', 'c', 'finished']);
  });

  it('gives up on a refusal at once', async () => {
    const fetchApi = { fetch: jest.fn(async () => new Response(JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }), { status: 403, headers: { 'Content-Type': 'application/json' } })) };
    const client = new MultistageBuildClient({ discoveryApi: { getBaseUrl: async () => 'http://backend' }, fetchApi });
    await expect(client.watchBuild('r', () => undefined, new AbortController().signal)).rejects.toThrow();
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });
});
