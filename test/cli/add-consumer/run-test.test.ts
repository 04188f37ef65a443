import { testCommand } from '../../../cli/add-consumer/run-test';

const TEST = 'test/functions/shipping/shipping.test.ts';

describe('testCommand', () => {
  test('a jest app with a test script runs it through npm test', () => {
    expect(testCommand({ testRunner: 'jest', hasTestScript: true }, TEST)).toEqual({ command: 'npm', args: ['test', '--', TEST] });
  });

  test('a jest app without a test script runs jest directly', () => {
    expect(testCommand({ testRunner: 'jest', hasTestScript: false }, TEST)).toEqual({ command: 'npx', args: ['jest', TEST] });
  });

  test('an app without jest runs node --test, whatever its test script', () => {
    expect(testCommand({ testRunner: 'node', hasTestScript: true }, TEST)).toEqual({ command: process.execPath, args: ['--test', TEST] });
  });
});
