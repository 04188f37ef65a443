import { jest } from '@jest/globals';
import { createTelemetry } from '../../../runtime/observability/index';

test('counts are flushed as one EMF line in namespace EventRouter with the consumer dimension', () => {
  const previous = process.env['POWERTOOLS_METRICS_DISABLED'];
  delete process.env['POWERTOOLS_METRICS_DISABLED'];
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const telemetry = createTelemetry({ consumerName: 'inventory', serviceName: 'inventory', namespace: 'EventRouter' });
    telemetry.count('EventsProcessed', 3);
    telemetry.count('DuplicatesSkipped');
    telemetry.count('EventsFailed', 0);
    telemetry.metrics.publishStoredMetrics();
  } finally {
    write.mockRestore();
    if (previous !== undefined) process.env['POWERTOOLS_METRICS_DISABLED'] = previous;
  }
  const emf = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => '_aws' in line)!;
  const directive = (emf['_aws'] as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] })
    .CloudWatchMetrics[0]!;
  expect(directive.Namespace).toBe('EventRouter');
  expect(directive.Dimensions[0]).toContain('consumer');
  expect(directive.Metrics.map((m) => m.Name).sort()).toEqual(['DuplicatesSkipped', 'EventsProcessed']);
  expect(emf).toMatchObject({ consumer: 'inventory', EventsProcessed: 3, DuplicatesSkipped: 1 });
});
