import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { FifoConsumer, OrderingKey } from '../../lib';
import { validateFifoConsumerProps } from '../../lib/fifo-consumer-validation';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';
import { consumerTestStack, FIXTURE_HANDLER } from './support';

const PATTERN = { source: ['orders-service'], detailType: ['OrderPlaced'] };

describe('validateFifoConsumerProps and the ordering key', () => {
  const props = (orderingKey: OrderingKey) => ({ bus: consumerTestStack().bus, consumerName: 'inventory', eventPattern: PATTERN, entry: FIXTURE_HANDLER, orderingKey });

  test("an ordering key checked against the app's schemas is not reported unchecked", () => {
    expect(validateFifoConsumerProps('Consumer', props(OrderingKey.jsonPath('$.detail.data.orderId')), SCHEMA_REGISTRY).orderingKeyUnchecked).toBe(false);
  });

  test('without schemas an ordering key path is reported unchecked', () => {
    expect(validateFifoConsumerProps('Consumer', props(OrderingKey.jsonPath('$.detail.data.orderId')), null).orderingKeyUnchecked).toBe(true);
  });

  test('a consumer without an ordering key has nothing to check', () => {
    expect(validateFifoConsumerProps('Consumer', props(OrderingKey.none()), null).orderingKeyUnchecked).toBe(false);
  });
});

describe('FifoConsumer in an app without a schemas/ folder', () => {
  const cwd = process.cwd();
  let app: string;

  beforeAll(() => {
    // A directory without schemas/ inside this checkout, so NodejsFunction still finds the project's
    // lock file (and the library's handlers under its root) above it.
    const cache = join(import.meta.dirname, '..', '..', 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    app = mkdtempSync(join(cache, 'app-without-schemas-'));
    process.chdir(app);
  });

  afterAll(() => {
    process.chdir(cwd);
    rmSync(app, { recursive: true, force: true });
  });

  test('warns at synth that the ordering key was not checked, naming the path', () => {
    const { stack, bus } = consumerTestStack();
    new FifoConsumer(stack, 'Consumer', { bus, consumerName: 'payments', eventPattern: PATTERN, entry: FIXTURE_HANDLER, orderingKey: OrderingKey.jsonPath('$.detail.data.orderID') });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('orderingKey \\$\\.detail\\.data\\.orderID was not checked'));
  });
});
