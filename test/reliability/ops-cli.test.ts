import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { freePort } from '../../local/net/free-port';
import { cli, hasStackTrace } from './support';

// Bad input to the commands that arrived with faults, the outbox and operations (`start --faults`,
// `outbox`, `status`, `dlq`, `replay`, `trace`): ids CLI-40 and up in docs/reliability.md. Bad input
// is answered as such (exit 2) whether or not a runtime is up, so most rows point at a closed port.

let closed: string;
let fake: Server;
let fakeUrl: string;

beforeAll(async () => {
  closed = `http://127.0.0.1:${await freePort()}`;
  // A runtime's discovery routes with one consumer, `inventory`: enough to name a consumer that does not exist.
  fake = createServer((request, response) => {
    const body =
      request.url === '/endpoints'
        ? { eventBridge: 'http://127.0.0.1:9', sqs: 'http://127.0.0.1:9', dynamodb: 'http://127.0.0.1:9', region: 'us-east-1', accountId: '000000000000', routerName: 'event-router' }
        : { routerName: 'event-router', archives: [], consumers: [{ name: 'inventory' }], queueStats: {}, metrics: {} };
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
  fakeUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
});
afterAll(() => {
  fake.closeAllConnections();
  fake.close();
});

/** Runs the command; expects exit `code`, no stack trace, and stderr matching `message`. */
async function expectAnswer(args: readonly string[], code: number, message: RegExp): Promise<void> {
  const run = await cli(args);
  expect({ code: run.code, stackTrace: hasStackTrace(run.stderr) }).toEqual({ code, stackTrace: false });
  expect(run.stderr).toMatch(message);
}

describe('start --faults', () => {
  test('CLI-40: an unknown fault name lists the known ones, exit 2, nothing started', async () => {
    await expectAnswer(['start', '--faults', 'bogus=0.1,seed=1'], 2, /^--faults: unknown fault "bogus"\. Known: seed, reorder, .*dynamodb-outage/m);
  });

  test('CLI-41: a fraction outside [0, 1] names the fault, the value and gives an example, exit 2', async () => {
    await expectAnswer(['start', '--faults', 'reorder=1.5,seed=1'], 2, /^--faults: reorder must be a fraction between 0 and 1; got 1\.5\. For example reorder=0\.1\./m);
  });

  test('CLI-42: faults without seed=N ask for one so the run can be repeated, exit 2', async () => {
    await expectAnswer(['start', '--faults', 'reorder=0.3'], 2, /^--faults needs seed=N \(an integer\) so the run can be repeated, e\.g\. reorder=0\.3,duplicate=0\.2,seed=7\./m);
  });

  test('CLI-43: a fault without a value says how to write it, exit 2', async () => {
    await expectAnswer(['start', '--faults', 'reorder'], 2, /^--faults: reorder has no value; write reorder=0\.1\./m);
  });

  test('CLI-44: a negative outage names the range of seconds, exit 2', async () => {
    await expectAnswer(['start', '--faults', 'put-events-outage=-3,seed=2'], 2, /^--faults: put-events-outage must be a number of seconds above 0 and at most 86400; got -3\./m);
  });
});

describe('outbox pending | republish', () => {
  test('CLI-45: an unreachable --endpoint names it and says to run npm start, exit 1 (a problem found, not bad input)', async () => {
    await expectAnswer(['outbox', 'pending', '--endpoint', closed], 1, /^Cannot reach http:\/\/127\.0\.0\.1:\d+: nothing is listening there \(connection refused\) \(ECONNREFUSED\)\. Start the local runtime with `npm start`/m);
  });

  test('CLI-46: an unreachable --dynamodb-endpoint names it instead of a bare ECONNREFUSED, exit 1', async () => {
    await expectAnswer(['outbox', 'republish', '--dynamodb-endpoint', closed], 1, /^Cannot reach http:\/\/127\.0\.0\.1:\d+: nothing is listening there/m);
  });

  test('CLI-47: --older-than abc and --limit -1 name the option and what it takes, exit 2', async () => {
    await expectAnswer(['outbox', 'republish', '--older-than', 'abc', '--endpoint', closed], 2, /^--older-than must be a whole number >= 0; got "abc"\./m);
    await expectAnswer(['outbox', 'pending', '--limit', '-1', '--endpoint', closed], 2, /^--limit must be a whole number >= 0; got "-1"\./m);
  });

  test('CLI-48: an --endpoint that is not a URL is bad input, exit 2', async () => {
    await expectAnswer(['outbox', 'pending', '--endpoint', 'nope'], 2, /^--endpoint must be an http\(s\) URL such as http:\/\/127\.0\.0\.1:4010; got nope\./m);
  });

  test('CLI-49: an unknown option is a usage error with the usage, exit 2', async () => {
    await expectAnswer(['outbox', 'pending', '--bogus'], 2, /unknown option '--bogus'[\s\S]*Usage: event-router outbox pending/);
  });
});

describe('status | dlq | replay | trace', () => {
  test('CLI-50: an unreachable --endpoint says nothing answers there and to run npm start, exit 1', async () => {
    for (const args of [['status'], ['dlq', 'list'], ['trace', 'ord_1']]) {
      await expectAnswer([...args, '--endpoint', closed], 1, /^Nothing answers at http:\/\/127\.0\.0\.1:\d+ \(fetch failed\)\. Start the local runtime with `npm start`/m);
    }
  });

  test('CLI-51: an --endpoint that is not a URL is bad input, exit 2', async () => {
    await expectAnswer(['status', '--endpoint', 'localhost:4010'], 2, /^--endpoint must be the local runtime's URL, like http:\/\/127\.0\.0\.1:4010; got "localhost:4010"\./m);
  });

  test('CLI-52: a consumer that does not exist is named with the consumers that do, exit 2', async () => {
    for (const args of [['status', 'invntory'], ['dlq', 'peek', 'invntory']]) {
      await expectAnswer([...args, '--endpoint', fakeUrl], 2, /^No consumer is named "invntory"\. Known consumers: inventory\./m);
    }
  });

  test('CLI-53: a --filter with an unknown key lists the keys and the syntax, exit 2, before connecting', async () => {
    await expectAnswer(['dlq', 'peek', 'inventory', '--filter', 'colour=red', '--endpoint', closed], 2, /^--filter key "colour" is unknown\. Use KEY=VALUE .*KEY is one of event-id, detail-type/m);
  });

  test('CLI-54: a --filter term that is not KEY=VALUE says so, exit 2', async () => {
    await expectAnswer(['dlq', 'redrive', 'inventory', '--filter', 'PermanentError', '--endpoint', closed], 2, /^--filter term "PermanentError" is not KEY=VALUE\./m);
  });

  test('CLI-55: dlq redrive --rate 0 asks for a positive rate, exit 2, nothing read or sent', async () => {
    await expectAnswer(['dlq', 'redrive', 'inventory', '--all', '--rate', '0', '--endpoint', closed], 2, /^--rate must be a positive number of messages per second; got 0\./m);
  });

  test('CLI-56: dlq redrive without a selection asks for --ids, --filter or --all, exit 2', async () => {
    await expectAnswer(['dlq', 'redrive', 'inventory', '--endpoint', closed], 2, /^Choose what to redrive: --ids <id,\.\.\.>, --filter <expr> or --all/m);
  });

  test('CLI-57: dlq peek --limit 0 asks for a positive whole number, exit 2', async () => {
    await expectAnswer(['dlq', 'peek', 'inventory', '--limit', '0', '--endpoint', closed], 2, /^--limit must be a positive whole number; got "0"\./m);
  });

  test('CLI-58: replay --from yesterday lists the time forms it takes, exit 2', async () => {
    await expectAnswer(['replay', 'inventory', '--from', 'yesterday', '--to', 'now', '--endpoint', closed], 2, /^--from "yesterday" is not a time; give an ISO 8601 time .*"now", or a time ago like -30m/m);
  });

  test('CLI-59: replay with --from after --to, or --to in the future, says which, exit 2, nothing started', async () => {
    await expectAnswer(['replay', 'inventory', '--from', '-1h', '--to', '-2h', '--endpoint', closed], 2, /^--from must be before --to\./m);
    await expectAnswer(['replay', 'inventory', '--from', '-1h', '--to', '2099-01-01T00:00:00Z', '--endpoint', closed], 2, /^--to cannot be in the future: an archive replays events it already has\./m);
  });

  test('CLI-60: status --since and --lag-objective out of range name the option, exit 2', async () => {
    await expectAnswer(['status', '--since', 'soon', '--endpoint', closed], 2, /^--since "soon" is not a time/m);
    await expectAnswer(['status', '--lag-objective', '0', '--endpoint', closed], 2, /^--lag-objective must be a positive number of seconds; got "0"\./m);
  });

  test('CLI-61: trace with an empty query asks for an eventId, a correlation id or an entity id, exit 2', async () => {
    await expectAnswer(['trace', '', '--endpoint', closed], 2, /^trace needs a query: an eventId, a correlation id or an entity id/m);
  });
});
