import { Writable } from 'node:stream';
import { runOps } from '../../../cli/commands/ops-command';
import { OpsInputError } from '../../../ops';
import { freePort } from '../../../local/net/free-port';

function io() {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  return { io: { out: sink((t) => (out += t)), err: sink((t) => (err += t)) }, out: () => out, err: () => err };
}

describe('runOps', () => {
  test('an endpoint that is not a URL is bad input: exit 2 with what to pass', async () => {
    const streams = io();
    const code = await runOps({ endpoint: 'localhost' }, async () => 'never', () => ({ text: '', problem: false }), streams.io);
    expect(code).toBe(2);
    expect(streams.err()).toContain('--endpoint must be the local runtime');
  });

  test('nothing answering at the endpoint is a problem found: exit 1 saying to start the runtime, no stack trace', async () => {
    const streams = io();
    const code = await runOps({ endpoint: `http://127.0.0.1:${await freePort()}` }, async () => 'never', () => ({ text: '', problem: false }), streams.io);
    expect(code).toBe(1);
    expect(streams.err()).toMatch(/Start the local runtime with `npm start`/);
    expect(streams.err()).not.toMatch(/\n\s+at /);
  });

  test('bad input found by check exits 2 before connecting, even where nothing answers', async () => {
    const streams = io();
    let worked = false;
    const code = await runOps(
      { endpoint: `http://127.0.0.1:${await freePort()}` },
      async () => (worked = true),
      () => ({ text: '', problem: false }),
      streams.io,
      () => {
        throw new OpsInputError('--rate must be a positive number of messages per second; got 0.');
      },
    );
    expect([code, worked, streams.err()]).toEqual([2, false, '--rate must be a positive number of messages per second; got 0.\n']);
  });

  test('an input error thrown by the work exits 2; a problem the result reports exits 1; --json prints the result', async () => {
    const server = await import('node:http').then(({ createServer }) =>
      createServer((request, response) => {
        const body = request.url === '/endpoints'
          ? { eventBridge: 'http://127.0.0.1:1', sqs: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:1', region: 'us-east-1', accountId: '000000000000', routerName: 'event-router' }
          : { routerName: 'event-router', archives: [], consumers: [], queueStats: {}, metrics: {} };
        response.end(JSON.stringify(body));
      }),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const bad = io();
      expect(await runOps({ endpoint }, async () => { throw new OpsInputError('--limit must be positive.'); }, () => ({ text: '', problem: false }), bad.io)).toBe(2);
      expect(bad.err()).toBe('--limit must be positive.\n');
      const problem = io();
      expect(await runOps({ endpoint, json: true }, async () => ({ parked: 1 }), () => ({ text: 'x', problem: true }), problem.io)).toBe(1);
      expect(JSON.parse(problem.out())).toEqual({ parked: 1 });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
