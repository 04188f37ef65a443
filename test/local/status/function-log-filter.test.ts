import { formatFunctionLog, isProblemLine } from '../../../local/status/function-log-filter';

const line = (text: string, stream: 'stdout' | 'stderr' | 'platform' = 'stdout') => ({ functionName: 'inventory', stream, line: text });

describe('npm start: which function output it prints', () => {
  test('a Powertools line at ERROR or WARN is a problem', () => {
    expect(isProblemLine(line('{"level":"ERROR","message":"handler failed"}'))).toBe(true);
    expect(isProblemLine(line('{"level":"WARN","message":"duplicate"}'))).toBe(true);
  });

  test('a Powertools line at INFO or DEBUG is not', () => {
    expect(isProblemLine(line('{"level":"INFO","message":"processed"}'))).toBe(false);
    expect(isProblemLine(line('{"level":"DEBUG","message":"x"}'))).toBe(false);
  });

  test('an EMF metrics line is not a problem', () => {
    expect(isProblemLine(line('{"_aws":{"CloudWatchMetrics":[]},"EventsProcessed":1}'))).toBe(false);
  });

  test('anything on stderr is a problem', () => {
    expect(isProblemLine(line('TypeError: x is undefined', 'stderr'))).toBe(true);
  });

  test('a platform line of a timed-out invocation is a problem, a REPORT line is not', () => {
    expect(isProblemLine(line('Task timed out after 3.00 seconds', 'platform'))).toBe(true);
    expect(isProblemLine(line('REPORT RequestId: 1 Duration: 3 ms', 'platform'))).toBe(false);
  });

  test('prints problems prefixed with the function name, everything with --logs', () => {
    expect(formatFunctionLog(line('{"level":"ERROR","message":"m"}'), 'problems')).toBe('[inventory] {"level":"ERROR","message":"m"}\n');
    expect(formatFunctionLog(line('{"level":"INFO","message":"m"}'), 'problems')).toBeUndefined();
    expect(formatFunctionLog(line('{"level":"INFO","message":"m"}'), 'all')).toBe('[inventory] {"level":"INFO","message":"m"}\n');
  });
});
