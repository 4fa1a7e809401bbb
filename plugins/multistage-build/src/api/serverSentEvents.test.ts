import { readServerSentEvents } from './serverSentEvents';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach(c => controller.enqueue(encoder.encode(c)));
      controller.close();
    },
  });
}

describe('readServerSentEvents', () => {
  it('reads events split across chunks, skipping keep-alive comments', async () => {
    const events = [];
    for await (const e of readServerSentEvents(
      streamOf(['event: status\ndata: {"a"', ':1}\n\n: keep-alive\n\n', 'event: finished\r\ndata: x\r\ndata: y\r\n\r\n']),
    )) {
      events.push(e);
    }

    expect(events).toEqual([
      { event: 'status', data: '{"a":1}' },
      { event: 'finished', data: 'x\ny' },
    ]);
  });
});
