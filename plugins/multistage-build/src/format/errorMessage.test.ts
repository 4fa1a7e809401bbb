import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it("takes the server's reason from a ResponseError, and the message of anything else", async () => {
    const response = new Response(JSON.stringify({ error: { name: 'ConflictError', message: 'run r has already finished' }, response: { statusCode: 409 } }), {
      status: 409,
      statusText: 'Conflict',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(errorMessage(await ResponseError.fromResponse(response as never))).toBe('run r has already finished');
    expect(errorMessage(new Error('offline'))).toBe('offline');
    expect(errorMessage('plain')).toBe('plain');
  });
});
