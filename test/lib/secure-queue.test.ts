import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MAX_MESSAGE_BYTES, secureQueue } from '../../lib/secure-queue';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function queueProps(build: (stack: Stack) => void): Record<string, unknown> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'event-router-secure-queue-'));
  outdirs.push(outdir);
  const stack = new Stack(new App({ outdir }), 'S');
  build(stack);
  return Object.values(Template.fromStack(stack).findResources('AWS::SQS::Queue'))[0]!.Properties as Record<string, unknown>;
}

describe('secureQueue', () => {
  test('sets MaximumMessageSize to SQS maximum, 1 MiB, unless told otherwise', () => {
    expect(MAX_MESSAGE_BYTES).toBe(1_048_576);
    expect(queueProps((stack) => secureQueue(stack, 'Q', { fifo: false })).MaximumMessageSize).toBe(1_048_576);
    expect(queueProps((stack) => secureQueue(stack, 'Q', { fifo: true, maximumMessageSizeBytes: 262_144 })).MaximumMessageSize).toBe(262_144);
  });

  test('encrypts with SSE-SQS and keeps the given retention', () => {
    const props = queueProps((stack) => secureQueue(stack, 'Q', { fifo: true, retentionPeriod: Duration.days(14) }));
    expect(props.SqsManagedSseEnabled).toBe(true);
    expect(props.MessageRetentionPeriod).toBe(1_209_600);
  });

  test('high throughput sets per-group throughput and deduplication', () => {
    const props = queueProps((stack) => secureQueue(stack, 'Q', { fifo: true, highThroughput: true }));
    expect(props.FifoThroughputLimit).toBe('perMessageGroupId');
    expect(props.DeduplicationScope).toBe('messageGroup');
  });
});
