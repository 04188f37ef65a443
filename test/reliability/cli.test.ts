import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { runTestPattern, type TestPatternOptions } from '../../cli/commands/test-pattern';
import { checkBusArgument, missingBusReason, readDetailArgument } from '../../cli/commands/publish';
import { PublishInputError } from '../../cli/commands/errors';
import { describeUnreachable } from '../../cli/commands/endpoint-errors';
import { parsePort, runStart } from '../../cli/commands/start';
import { runSchemaDiff, runSchemaTypes } from '../../local/schemas/schema-commands';
import { checkJavaRuntime } from '../../local/dynamodb/java-runtime';
import { cli, hasStackTrace, nested, startEndpoints, type Endpoints } from './support';

// Bad input to every CLI command: each row of docs/reliability.md (ids CLI-nn) is one test here.

const dir = mkdtempSync(join(tmpdir(), 'reliability-cli-'));
let endpoints: Endpoints;
beforeAll(async () => {
  endpoints = await startEndpoints();
});
afterAll(async () => {
  await endpoints.stop();
  rmSync(dir, { recursive: true, force: true });
});

function testPattern(options: TestPatternOptions): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTestPattern(options, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A fake `java` on disk: a shell script printing `banner` to stderr and exiting with `code`. */
function fakeJava(name: string, banner: string, code = 0): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho '${banner}' >&2\nexit ${code}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('test-pattern', () => {
  test('CLI-01: a pattern that is not JSON gets AWS\'s Jackson message, exit 2', () => {
    const result = testPattern({ pattern: '{"source": [oops]}', event: '{}' });
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^Event pattern is not valid\. Reason: Unrecognized token 'oops'/);
  });

  test('CLI-02: a pattern nested 8,000 levels deep is refused with the nesting limit, exit 2 (no RangeError)', () => {
    const result = testPattern({ pattern: nested(8000, '[1]'), event: '{}' });
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain('Document nesting depth (1001) exceeds the maximum allowed (1000');
  });

  test('CLI-03: an event nested 8,000 levels deep is refused as an invalid event, exit 2', () => {
    const result = testPattern({ pattern: '{"source":["a"]}', event: nested(8000) });
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^Parameter Event is not valid\. \(--event: the event is nested more than 1001 levels deep.*flatten it/);
  });

  test('CLI-04: --pattern @missing.json names the file it cannot read, exit 2', () => {
    const result = testPattern({ pattern: `@${join(dir, 'missing.json')}`, event: '{}' });
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/--pattern: cannot read .*missing\.json: ENOENT/);
  });

  test('CLI-05: an --events line that is not an object names its line, exit 2', () => {
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, '{"source":"a"}\n"text"\n');
    const result = testPattern({ pattern: '{"source":["a"]}', events: file });
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(`${file}:2`);
  });

  test('CLI-06: --array-matching with an unknown mode lists the two modes, exit 2', () => {
    const result = testPattern({ pattern: '{"source":["a"]}', event: '{}', arrayMatching: 'some' });
    expect(result).toEqual({ code: 2, out: [], err: ['--array-matching must be same-element or any-element, not "some".'] });
  });

  test('CLI-07: an empty match array gets AWS\'s reason, exit 2', () => {
    expect(testPattern({ pattern: '{"source":[]}', event: '{}' }).err).toEqual(['Event pattern is not valid. Reason: Empty arrays are not allowed']);
  });

  test('CLI-08: neither --event nor --events asks for exactly one, exit 2', () => {
    expect(testPattern({ pattern: '{"source":["a"]}' }).err[0]).toMatch(/Give exactly one of --event/);
  });
});

describe('publish', () => {
  test('CLI-10: --detail @missing.json says the file is missing and exits 2, as documented', async () => {
    expect(() => readDetailArgument(`@${join(dir, 'missing.json')}`)).toThrow(/--detail @.*missing\.json: cannot read .* \(no such file\)/);
    const run = await cli(['publish', '--detail-type', 'OrderPlaced', '--detail', `@${join(dir, 'missing.json')}`]);
    expect([run.code, hasStackTrace(run.stderr)]).toEqual([2, false]);
    expect(run.stderr).toContain('no such file');
  });

  test('CLI-11: --detail that is not JSON names the option and the parse error', () => {
    expect(() => readDetailArgument('{oops')).toThrow(/--detail value is not JSON/);
  });

  test('CLI-12: --detail that is an array is refused (EventBridge would answer MalformedDetail)', () => {
    expect(() => readDetailArgument('[1]')).toThrow(/--detail must be a JSON object/);
  });

  test('CLI-13: an empty --bus is bad input, not the default bus', () => {
    expect(() => checkBusArgument('')).toThrow(PublishInputError);
    expect(() => checkBusArgument(' ')).toThrow(/--bus is empty/);
  });

  test('CLI-14: a --bus that does not exist is refused before sending (AWS would accept and drop the event), exit 2', async () => {
    expect(await missingBusReason(endpoints.client, 'evnt-router')).toMatch(
      /^Event bus evnt-router does not exist .*Nothing was sent.*Buses there: default, event-router\. Pass --bus/,
    );
    const run = await cli(['publish', '--raw', '--detail-type', 'X', '--detail', '{}', '--bus', 'evnt-router', '--endpoint', endpoints.eventBridge.url]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain('Event bus evnt-router does not exist');
  });

  test('CLI-15: another account\'s bus ARN is rejected by PutEvents with AccessDeniedException, exit 1', async () => {
    const arn = 'arn:aws:events:us-east-1:111111111111:event-bus/event-router';
    const run = await cli(['publish', '--raw', '--detail-type', 'X', '--detail', '{}', '--bus', arn, '--endpoint', endpoints.eventBridge.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^PutEvents rejected the event: AccessDeniedException: .*not authorized to perform: events:PutEvents/m);
  });

  test('CLI-16: an unreachable --endpoint names it, says nothing listens and to run npm start, exit 1', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeUnreachable(refused, 'http://127.0.0.1:1')).toBe(
      'Cannot reach http://127.0.0.1:1: nothing is listening there (connection refused) (ECONNREFUSED). ' +
        'Start the local runtime with `npm start` (it prints its EventBridge endpoint) and pass that URL with --endpoint.',
    );
    const run = await cli(['publish', '--raw', '--detail-type', 'X', '--detail', '{}', '--endpoint', 'http://127.0.0.1:1']);
    expect([run.code, hasStackTrace(run.stderr)]).toEqual([1, false]);
    expect(run.stderr).toContain('Cannot reach http://127.0.0.1:1: nothing is listening there');
  });

  test('CLI-17: an --endpoint that is not a URL is bad input, exit 2', async () => {
    const run = await cli(['publish', '--raw', '--detail-type', 'X', '--detail', '{}', '--endpoint', 'localhost:4010']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--endpoint "localhost:4010" is not a URL: give one like http://127.0.0.1:4010');
  });

  test('CLI-18: data its schema refuses is not sent; the error names the fields, exit 2', async () => {
    const run = await cli(['publish', '--detail-type', 'OrderPlaced', '--detail', '{"orderId":"ord_1"}', '--endpoint', 'http://127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/data\.customerId is required but missing.*pass --no-validate to send it anyway/);
  });

  test('CLI-19: a missing required option is a usage error, exit 2', async () => {
    const run = await cli(['publish', '--detail', '{}']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--detail-type <type>' not specified");
  });
});

describe('start', () => {
  test('CLI-21: --port abc is refused by name, exit 2, no stack trace', async () => {
    expect(() => parsePort('abc')).toThrow('--port must be a TCP port number (1-65535), or left out for a free port; got "abc".');
    const run = await cli(['start', '--port', 'abc']);
    expect([run.code, hasStackTrace(run.stderr)]).toEqual([2, false]);
    expect(run.stderr).toContain("option '--port <port>' argument 'abc' is invalid");
  });

  test('CLI-22: --port 70000 and --port 0 are out of range', () => {
    expect(() => parsePort('70000')).toThrow(/got "70000"/);
    expect(() => parsePort('0')).toThrow(/got "0"/);
  });

  test('CLI-23: a --port in use is found before synthesis and Java start, with what to do, exit 1', async () => {
    const holder: Server = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', () => done()));
    const port = (holder.address() as { port: number }).port;
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runStart({ port, synth: true, view: false }, { write: () => true } as unknown as NodeJS.WriteStream);
      expect(code).toBe(1);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(
        new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use \\(EADDRINUSE\\).*nothing was started\\. Stop what holds it .*pick another --port`),
      );
    } finally {
      stderr.mockRestore();
      holder.close();
    }
  });

  test('CLI-24: --no-synth with a folder that holds no cloud assembly says what to run, exit 2', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runStart({ cdkOut: dir, synth: false, view: false }, { write: () => true } as unknown as NodeJS.WriteStream)).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toContain('holds no cloud assembly; run without --no-synth (or `npm run synth`) first');
    } finally {
      stderr.mockRestore();
    }
  });

  test('CLI-25: no java on PATH is reported as missing, with how to install one', () => {
    const check = checkJavaRuntime(join(dir, 'no-such-java'));
    expect(check).toMatchObject({ ok: false, problem: 'missing' });
    expect(check.ok ? '' : check.message).toMatch(/needs a Java runtime \(17 or newer\) and `.*no-such-java` was not found on PATH\. Install one/);
  });

  test('CLI-26: a java that fails is reported as failing, with its own output, not as "not found"', () => {
    const check = checkJavaRuntime(fakeJava('broken-java', 'Error: could not open jvm.cfg', 1));
    expect(check).toMatchObject({ ok: false, problem: 'failing' });
    expect(check.ok ? '' : check.message).toMatch(/-version` exited with code 1 and said:\n {2}Error: could not open jvm\.cfg/);
  });

  test('CLI-27: a java older than 17 is reported with the version found and the one required', () => {
    const check = checkJavaRuntime(fakeJava('old-java', 'openjdk version "11.0.21" 2023-10-17'));
    expect(check).toMatchObject({ ok: false, problem: 'too-old' });
    expect(check.ok ? '' : check.message).toContain('needs Java 17 or newer; `');
    expect(check.ok ? '' : check.message).toContain('is Java 11 (openjdk version "11.0.21" 2023-10-17)');
    expect(checkJavaRuntime(fakeJava('java8', 'java version "1.8.0_392"'))).toMatchObject({ ok: false, problem: 'too-old' });
    expect(checkJavaRuntime(fakeJava('java21', 'openjdk version "21.0.2" 2024-01-16'))).toMatchObject({ ok: true, major: 21 });
  });
});

describe('schema', () => {
  test('CLI-28: schema types --out <unwritable> is exit 2 with the reason, and does not hang', async () => {
    const result = await runSchemaTypes({ out: '/proc/event-router-types' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^invalid input: cannot write the generated types to \/proc\/event-router-types: .*Pass --out <a folder you can write>/);
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect((await runSchemaTypes({ out: join(file, 'sub') })).stderr).toContain('ENOTDIR');
  });

  test('CLI-29: schema diff of a file that does not exist names it, exit 2', () => {
    expect(runSchemaDiff(join(dir, 'old.json'), join(dir, 'new.json'), { mode: 'FULL_TRANSITIVE' })).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/old\.json: cannot be read \(ENOENT\)/),
    });
  });

  test('CLI-30: schema diff --mode with an unknown mode lists the modes, exit 2', () => {
    const schema = join(dir, 'schema.json');
    writeFileSync(schema, '{"type":"object"}');
    expect(runSchemaDiff(schema, schema, { mode: 'BOGUS' })).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('Unknown compatibility mode "BOGUS": use one of BACKWARD'),
    });
  });

  test('CLI-31: an unknown command is a usage error, exit 2', async () => {
    const run = await cli(['pubish']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'pubish'");
  });
});
