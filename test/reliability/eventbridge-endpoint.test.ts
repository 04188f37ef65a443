import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeEventBusCommand, DescribeRuleCommand, ListRulesCommand, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { awsCli, nested, rawPost, sdkError, startEndpoints, type Endpoints } from './support';

// Bad input to the local EventBridge endpoint, as an SDK, a hostile client (raw HTTP) and the real
// AWS CLI send it: each row of docs/reliability.md (ids EB-nn, AWSCLI-nn) is one test here.

let e: Endpoints;
const dir = mkdtempSync(join(tmpdir(), 'reliability-eb-'));
beforeAll(async () => {
  e = await startEndpoints();
});
afterAll(async () => {
  await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

const entry = { EventBusName: 'event-router', Source: 'orders-service', DetailType: 'OrderPlaced', Detail: '{"a":1}' };
const put = (entries: Record<string, unknown>[]) => e.client.send(new PutEventsCommand({ Entries: entries as never }));
const raw = (target: string, body: unknown) => rawPost(e.eventBridge.url, `AWSEvents.${target}`, typeof body === 'string' ? body : JSON.stringify(body));
const fullEvent = { id: '1', account: '000000000000', source: 'orders-service', time: '2026-11-30T10:00:00Z', region: 'us-east-1', 'detail-type': 'X', detail: {} };

describe('PutEvents', () => {
  test('EB-01: no entries is AWS\'s ValidationException on the entry count', async () => {
    expect(await sdkError(put([]))).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Member must have length greater than or equal to 1') });
  });

  test('EB-02: 11 entries is AWS\'s ValidationException on the entry count', async () => {
    expect((await sdkError(put(Array(11).fill(entry)))).message).toContain('Member must have length less than or equal to 10');
  });

  test.each([
    ['EB-03', 'Source', 'Parameter Source is not valid. Reason: Source is a required argument.'],
    ['EB-04', 'DetailType', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.'],
    ['EB-05', 'Detail', 'Parameter Detail is not valid. Reason: Detail is a required argument.'],
  ])('%s: an entry without %s fails alone with InvalidArgument (HTTP 200), the others go through', async (_id, field, message) => {
    const out = await put([{ ...entry, [field]: undefined }, entry]);
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries).toEqual([{ ErrorCode: 'InvalidArgument', ErrorMessage: message }, { EventId: expect.any(String) }]);
  });

  test.each([
    ['EB-06', 'not JSON', '{"a":'],
    ['EB-07', 'a JSON array', '[1,2]'],
  ])('%s: a Detail that is %s is MalformedDetail', async (_id, _what, detail) => {
    expect((await put([{ ...entry, Detail: detail }])).Entries).toEqual([{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }]);
  });

  test('EB-08: a Detail nested 8,000 levels deep is MalformedDetail naming the limit, not an HTTP 500 stack overflow', async () => {
    const out = await put([{ ...entry, Detail: nested(8000) }, entry]);
    expect(out.Entries?.[0]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: expect.stringMatching(/^Detail is malformed\. It nests objects or arrays more than 1000 levels deep.*flatten the detail\.$/),
    });
    expect(out.Entries?.[1]).toEqual({ EventId: expect.any(String) });
  });

  test('EB-09: Source: 123 is AWS\'s SerializationException, naming the member', async () => {
    const res = await raw('PutEvents', { Entries: [{ ...entry, Source: 123 }] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      __type: 'SerializationException',
      message: 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String (Entries[0].Source must be a string; got 123).',
    });
  });

  test('EB-10: Resources: "arn" (not a list) is AWS\'s SerializationException "Expected list or null"', async () => {
    const res = await raw('PutEvents', { Entries: [{ ...entry, Resources: 'arn:aws:s3:::b' }] });
    expect(res.json).toMatchObject({ __type: 'SerializationException', message: expect.stringMatching(/^Expected list or null \(Entries\[0\]\.Resources must be a JSON array/) });
  });

  test('EB-11: an empty EventBusName is AWS\'s ValidationException, not a silent default bus', async () => {
    const error = await sdkError(put([{ ...entry, EventBusName: '' }]));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^2 validation errors detected: Value '' at 'entries\.1\.member\.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: .*Member must have length greater than or equal to 1\. Give EventBusName a bus name/);
  });

  test('EB-12: an EventBusName with characters AWS refuses is ValidationException quoting its pattern', async () => {
    expect((await sdkError(put([{ ...entry, EventBusName: 'orders bus!' }]))).message).toMatch(
      /^1 validation error detected: Value 'orders bus!' at 'entries\.1\.member\.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  test('EB-13: another account\'s bus ARN fails the entry with AccessDeniedException', async () => {
    const out = await put([{ ...entry, EventBusName: 'arn:aws:events:us-east-1:111111111111:event-bus/event-router' }]);
    expect(out.Entries?.[0]).toEqual({
      ErrorCode: 'AccessDeniedException',
      ErrorMessage: expect.stringMatching(/not authorized to perform: events:PutEvents on resource: arn:aws:events:us-east-1:111111111111:event-bus\/event-router because no resource-based policy allows.*publish to a bus of that account/),
    });
  });

  test('EB-14: a bus no template declares gets AWS\'s answer (an EventId) and is reported as dropped, never routed', async () => {
    const out = await put([{ ...entry, EventBusName: 'evnt-router' }]);
    expect(out.Entries).toEqual([{ EventId: expect.any(String) }]);
    expect(e.unknownBuses).toContain('evnt-router');
  });

  test('EB-15: a bus ARN of another region is no local bus: reported as dropped, not delivered to the local bus of that name', async () => {
    const before = e.unknownBuses.length;
    await put([{ ...entry, EventBusName: 'arn:aws:events:eu-west-1:000000000000:event-bus/event-router' }]);
    expect(e.unknownBuses.slice(before)).toEqual(['arn:aws:events:eu-west-1:000000000000:event-bus/event-router']);
  });

  test('EB-16: a source starting with aws. is NotAuthorizedForSourceException', async () => {
    expect((await put([{ ...entry, Source: 'aws.s3' }])).Entries).toEqual([
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    ]);
  });

  test('EB-17: entries over the size limit are AWS\'s ValidationException', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1_100_000) });
    expect(await sdkError(put([{ ...entry, Detail: big }]))).toMatchObject({ name: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' });
  });

  test('EB-18: a body that is not JSON is SerializationException', async () => {
    expect((await raw('PutEvents', '{"Entries": [')).json).toMatchObject({ __type: 'SerializationException', message: expect.stringContaining('not valid JSON') });
  });

  test('EB-19: a body that is a JSON array is SerializationException', async () => {
    expect((await raw('PutEvents', '[]')).json).toEqual({ __type: 'SerializationException', message: 'The request body must be a JSON object.' });
  });

  test('EB-20: Entries that is a string, and an entry that is a string, are SerializationException', async () => {
    expect((await raw('PutEvents', { Entries: 'x' })).json).toMatchObject({ __type: 'SerializationException', message: expect.stringMatching(/^Expected list or null \(Entries must be/) });
    expect((await raw('PutEvents', { Entries: ['x'] })).json).toMatchObject({ __type: 'SerializationException', message: expect.stringMatching(/^Expected null \(Entries\[0\] must be an object/) });
  });

  test('EB-21: a Time that is no timestamp is SerializationException saying what to give', async () => {
    expect((await raw('PutEvents', { Entries: [{ ...entry, Time: 'yesterday' }] })).json).toMatchObject({
      __type: 'SerializationException',
      message: expect.stringContaining('is not a timestamp: give epoch seconds'),
    });
  });

  test('EB-22: an operation the endpoint does not implement is UnknownOperationException listing the ones it does', async () => {
    expect((await raw('PutRule', {})).json).toMatchObject({ __type: 'UnknownOperationException', message: expect.stringContaining('Supported: PutEvents') });
  });
});

describe('TestEventPattern', () => {
  const testPattern = (input: Record<string, unknown>) => e.client.send(new TestEventPatternCommand(input as never));

  test('EB-30: a pattern over 4,096 characters (e.g. nested 3,000 deep) is AWS\'s length ValidationException, not a crash', async () => {
    const error = await sdkError(testPattern({ EventPattern: nested(3000, '[1]'), Event: JSON.stringify(fullEvent) }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^1 validation error detected: Value '\{"a":.*\.\.\.\[\d+ characters\]' at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to 4096/);
  });

  test('EB-31: a pattern nested past 1,000 levels within 4,096 characters gets Jackson\'s nesting-depth reason', async () => {
    const error = await sdkError(testPattern({ EventPattern: `{"a":${'['.repeat(1200)}1${']'.repeat(1200)}}`, Event: JSON.stringify(fullEvent) }));
    expect(error).toMatchObject({ name: 'InvalidEventPatternException', message: expect.stringContaining('Reason: Document nesting depth (1001) exceeds the maximum allowed (1000') });
  });

  test('EB-32: an event nested 8,000 levels deep is "Parameter Event is not valid." with the reason', async () => {
    const error = await sdkError(testPattern({ EventPattern: '{"source":["a"]}', Event: nested(8000) }));
    expect(error).toEqual({ name: 'ValidationException', message: expect.stringMatching(/^Parameter Event is not valid\. \(the event is nested more than 1001 levels deep/) });
  });

  test('EB-33: an event without id, time and region is refused as AWS refuses it, naming the missing fields', async () => {
    const error = await sdkError(testPattern({ EventPattern: '{"source":["a"]}', Event: '{"source":"a","account":"1","detail-type":"x"}' }));
    expect(error).toEqual({
      name: 'ValidationException',
      message:
        'Parameter Event is not valid. (the event lacks id, time, region; TestEventPattern needs id, account, source, time, region, detail-type (the envelope EventBridge delivers))',
    });
  });

  test('EB-34: a missing EventPattern is AWS\'s "Member must not be null"', async () => {
    expect((await raw('TestEventPattern', { Event: '{}' })).json).toMatchObject({
      __type: 'ValidationException',
      message: expect.stringMatching(/^1 validation error detected: Value null at 'eventPattern' failed to satisfy constraint: Member must not be null/),
    });
  });

  test('EB-35: an EventPattern sent as an object (not JSON text) is SerializationException', async () => {
    expect((await raw('TestEventPattern', { EventPattern: { source: ['a'] }, Event: '{}' })).json).toMatchObject({
      __type: 'SerializationException',
      message: expect.stringMatching(/^Start of structure or map found where not expected\. \(EventPattern must be a string/),
    });
  });

  test('EB-36: an invalid pattern is InvalidEventPatternException with AWS\'s reason', async () => {
    expect(await sdkError(testPattern({ EventPattern: '{"detail":{"n":[{"numeric":[">>","a"]}]}}', Event: JSON.stringify(fullEvent) }))).toEqual({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Unrecognized numeric range operator: >>',
    });
  });

  test('EB-37: an event that is a JSON array is "Parameter Event is not valid."', async () => {
    expect(await sdkError(testPattern({ EventPattern: '{"source":["a"]}', Event: '[1]' }))).toEqual({
      name: 'ValidationException',
      message: 'Parameter Event is not valid. (the event must be a JSON object)',
    });
  });
});

describe('read operations', () => {
  test('EB-40: DescribeEventBus of a bus that does not exist is ResourceNotFoundException', async () => {
    expect(await sdkError(e.client.send(new DescribeEventBusCommand({ Name: 'nope' })))).toEqual({ name: 'ResourceNotFoundException', message: 'Event bus nope does not exist.' });
  });

  test('EB-41: DescribeRule of a rule that does not exist is ResourceNotFoundException', async () => {
    expect(await sdkError(e.client.send(new DescribeRuleCommand({ Name: 'nope', EventBusName: 'event-router' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus event-router.',
    });
  });

  test('EB-42: ListRules with a NextToken it never issued is ValidationException', async () => {
    expect(await sdkError(e.client.send(new ListRulesCommand({ EventBusName: 'event-router', NextToken: 'zzz' })))).toMatchObject({ name: 'ValidationException' });
  });

  test('EB-44: DescribeEventBus with Name: 42 is SerializationException, not the default bus', async () => {
    expect((await raw('DescribeEventBus', { Name: 42 })).json).toMatchObject({
      __type: 'SerializationException',
      message: expect.stringMatching(/^class com\.amazon\.coral\.value\.json\.numbers\.TruncatingBigNumber can not be converted to an String \(Name must be a string/),
    });
  });

  test('EB-43: a GET (no X-Amz-Target) is UnknownOperationException saying what the protocol needs', async () => {
    const res = await fetch(`${e.eventBridge.url}/`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException', message: expect.stringContaining('Expected a POST with X-Amz-Target: AWSEvents.') });
  });
});

describe('the real AWS CLI against the local endpoint', () => {
  test('AWSCLI-01: aws events put-events with a Detail nested 8,000 deep gets MalformedDetail, exit 0 with the failed entry', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, JSON.stringify([{ ...entry, Detail: nested(8000) }]));
    const run = await awsCli(['events', 'put-events', '--endpoint-url', e.eventBridge.url, '--entries', `file://${file}`]);
    expect(JSON.parse(run.stdout)).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedDetail' }] });
  });

  test('AWSCLI-02: aws events put-events to a malformed bus name fails with ValidationException, exit 255', async () => {
    const run = await awsCli(['events', 'put-events', '--endpoint-url', e.eventBridge.url, '--entries', JSON.stringify([{ ...entry, EventBusName: 'bad name' }])]);
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('(ValidationException) when calling the PutEvents operation: 1 validation error detected');
  });

  test('AWSCLI-03: aws events test-event-pattern with an event lacking id/time/region names them', async () => {
    const run = await awsCli(['events', 'test-event-pattern', '--endpoint-url', e.eventBridge.url, '--event-pattern', '{"source":["a"]}', '--event', '{"source":"a"}']);
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('Parameter Event is not valid. (the event lacks id, account, time, region, detail-type');
  });

  test('AWSCLI-04: aws events test-event-pattern with a pattern nested 8,000 deep is a ValidationException, not a 500 retried 4 times', async () => {
    const run = await awsCli(['events', 'test-event-pattern', '--endpoint-url', e.eventBridge.url, '--event-pattern', nested(8000, '[1]'), '--event', JSON.stringify(fullEvent)]);
    expect(run.code).toBe(255);
    expect(run.stderr).toMatch(/\(ValidationException\) when calling the TestEventPattern operation: 1 validation error detected/);
  });
});

describe('StartReplay and DescribeReplay', () => {
  const bus = 'arn:aws:events:us-east-1:000000000000:event-bus/event-router';
  const archive = 'arn:aws:events:us-east-1:000000000000:archive/event-router-archive';
  /** `aws events start-replay` against the local endpoint: a one-hour window a day ago unless overridden. */
  const startReplay = (name: string, overrides: { start?: string; end?: string; source?: string; destination?: string } = {}) => {
    const end = new Date(Date.now() - 86_400_000);
    return awsCli([
      'events', 'start-replay', '--endpoint-url', e.eventBridge.url, '--replay-name', name,
      '--event-source-arn', overrides.source ?? archive,
      '--event-start-time', overrides.start ?? new Date(end.getTime() - 3_600_000).toISOString(),
      '--event-end-time', overrides.end ?? end.toISOString(),
      '--destination', overrides.destination ?? `Arn=${bus}`,
    ]);
  };
  const failure = (operation: string, code: string) => new RegExp(`An error occurred \\(${code}\\) when calling the ${operation} operation: `);

  test('AWSCLI-05: aws events start-replay with the start after the end is ValidationException saying so, exit 255', async () => {
    const run = await startReplay('late-start', { start: '2026-11-29T02:00:00Z', end: '2026-11-29T01:00:00Z' });
    expect(run.code).toBe(255);
    expect(run.stderr).toMatch(failure('StartReplay', 'ValidationException'));
    expect(run.stderr).toContain('Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.');
  });

  test('AWSCLI-06: an end time in the future is ValidationException: an archive replays what it has', async () => {
    const run = await startReplay('future', { end: '2099-01-01T00:00:00Z' });
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.');
  });

  test('AWSCLI-07: an archive that does not exist is ResourceNotFoundException naming it', async () => {
    const run = await startReplay('no-archive', { source: archive.replace('event-router-archive', 'nope') });
    expect(run.code).toBe(255);
    expect(run.stderr).toMatch(failure('StartReplay', 'ResourceNotFoundException'));
    expect(run.stderr).toContain('Archive arn:aws:events:us-east-1:000000000000:archive/nope does not exist.');
  });

  test('AWSCLI-08: a replay name with a space names the allowed characters', async () => {
    const run = await startReplay('my replay!');
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('Parameter ReplayName is not valid: give 1-64 of letters, digits, ".", "-" or "_"; got "my replay!".');
  });

  test("AWSCLI-09: FilterArns naming a rule that does not exist is ResourceNotFoundException naming the rule and the bus", async () => {
    const run = await startReplay('no-rule', { destination: `Arn=${bus},FilterArns=arn:aws:events:us-east-1:000000000000:rule/event-router/nope` });
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('Rule arn:aws:events:us-east-1:000000000000:rule/event-router/nope does not exist on EventBus event-router.');
  });

  test("AWSCLI-10: a destination bus other than the archive's is refused: cross-bus replay is not permitted", async () => {
    const run = await startReplay('cross-bus', { destination: 'Arn=arn:aws:events:us-east-1:000000000000:event-bus/other' });
    expect(run.code).toBe(255);
    expect(run.stderr).toContain("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted; use the archive's bus event-router.");
  });

  test('AWSCLI-11: a replay name used before is ResourceAlreadyExistsException; an unknown one in DescribeReplay is ResourceNotFoundException', async () => {
    expect((await startReplay('twice')).code).toBe(0);
    const again = await startReplay('twice');
    expect(again.code).toBe(255);
    expect(again.stderr).toMatch(/\(ResourceAlreadyExistsException\) .*Replay twice already exists\./);
    const unknown = await awsCli(['events', 'describe-replay', '--endpoint-url', e.eventBridge.url, '--replay-name', 'nope']);
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toMatch(/\(ResourceNotFoundException\) .*Replay nope does not exist\./);
  });

  test('EB-45: StartReplay with EventStartTime "yesterday" (raw HTTP) says it is not a timestamp and what to give', async () => {
    const out = await raw('StartReplay', { ReplayName: 'word-time', EventSourceArn: archive, EventStartTime: 'yesterday', EventEndTime: 1_700_000_000, Destination: { Arn: bus } });
    expect(out).toEqual({
      status: 400,
      json: { __type: 'ValidationException', message: 'Parameter EventStartTime is not valid: "yesterday" is not a timestamp; give epoch seconds or an ISO 8601 time.' },
    });
  });

  test('EB-46: StartReplay without EventSourceArn or Destination gets AWS\'s null-member violation, not "Archive undefined"', async () => {
    const noSource = await raw('StartReplay', { ReplayName: 'no-source', EventStartTime: 1_700_000_000, EventEndTime: 1_700_003_600, Destination: { Arn: bus } });
    expect(noSource.json).toMatchObject({
      __type: 'ValidationException',
      message: expect.stringMatching(/^1 validation error detected: Value null at 'eventSourceArn' failed to satisfy constraint: Member must not be null\. StartReplay needs/),
    });
    const noDestination = await raw('StartReplay', { ReplayName: 'no-dest', EventSourceArn: archive, EventStartTime: 1_700_000_000, EventEndTime: 1_700_003_600 });
    expect(noDestination.json).toMatchObject({ message: expect.stringContaining("Value null at 'destination' failed to satisfy constraint: Member must not be null") });
  });

  test('EB-47: an archive declared without EventPattern keeps every event of its bus instead of failing the endpoint at start', async () => {
    const accepted = await put([entry]);
    expect(accepted.FailedEntryCount).toBe(0);
    const described = await raw('DescribeArchive', { ArchiveName: 'event-router-archive' });
    expect(described.json).toMatchObject({ ArchiveName: 'event-router-archive', EventCount: expect.any(Number) });
    expect((described.json as { EventCount: number }).EventCount).toBeGreaterThan(0);
  });
});
