import { consumerSpec, InvalidConsumerInputError } from '../../../cli/add-consumer/index';

const PATTERN = '{"source":["orders-service"],"detail-type":["OrderPaid"]}';

/** The one-line error `consumerSpec` refuses the input with. */
function refusal(input: Parameters<typeof consumerSpec>[0]): string {
  try {
    consumerSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConsumerInputError);
    expect((error as InvalidConsumerInputError).exitCode).toBe(2);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('consumerSpec', () => {
  test('accepts a kebab-case name, an EventBridge pattern and an ordering key the schemas declare', () => {
    const spec = consumerSpec({ name: 'shipping-labels', pattern: PATTERN, orderBy: '$.detail.data.orderId', transactional: true });

    expect(spec).toEqual({
      name: 'shipping-labels',
      pattern: { source: ['orders-service'], 'detail-type': ['OrderPaid'] },
      orderBy: '$.detail.data.orderId',
      transactional: true,
    });
  });

  test('an unordered, direct consumer by default', () => {
    expect(consumerSpec({ name: 'audit', pattern: '{"source":["billing"]}' })).toMatchObject({ orderBy: undefined, transactional: false });
  });

  test.each(['Shipping', 'shipping_labels', '1shipping', 'shipping-', 'shipping--labels', '-shipping', '', 'a'.repeat(41)])(
    'refuses the name %j, saying the form to use',
    (name) => {
      expect(refusal({ name, pattern: PATTERN })).toMatch(/^invalid consumer name .*: use kebab-case of at most 40 characters .* e\.g\. "shipping-labels"\.$/);
    },
  );

  test('accepts a 40-character name, the constructs\' limit', () => {
    expect(consumerSpec({ name: `a${'b'.repeat(39)}`, pattern: PATTERN }).name).toHaveLength(40);
  });

  test('refuses a pattern that is not JSON, saying how to quote it', () => {
    expect(refusal({ name: 'audit', pattern: "{source:['x']}" })).toMatch(/^--pattern is not JSON \(.*\): quote the EventBridge pattern for the shell, e\.g\. --pattern '\{"source"/);
  });

  test.each(['[]', '"orders"', 'null', '3'])('refuses the non-object pattern %s', (pattern) => {
    expect(refusal({ name: 'audit', pattern })).toMatch(/^--pattern must be a JSON object/);
  });

  test('refuses CDK\'s detailType spelling, naming EventBridge\'s detail-type', () => {
    expect(refusal({ name: 'audit', pattern: '{"detailType":["OrderPaid"]}' })).toContain('EventBridge events have "detail-type"');
  });

  test('refuses a top-level field a CDK EventPattern cannot hold', () => {
    expect(refusal({ name: 'audit', pattern: '{"$or":[{"source":["a"]},{"source":["b"]}]}' })).toContain('top-level "$or"');
  });

  test('refuses an empty pattern with the constructs\' message', () => {
    expect(refusal({ name: 'audit', pattern: '{}' })).toMatch(/^invalid --pattern \{\}: give at least one field to match/);
  });

  test.each([
    ['{"source":[]}', 'Empty arrays are not allowed'],
    ['{"detail":{"n":[{"numeric":[">>",1]}]}}', 'Unrecognized numeric range operator: >>'],
    ['{"source":"orders-service"}', 'must be an object or an array'],
  ])('refuses %s as EventBridge would (%s)', (pattern, reason) => {
    const message = refusal({ name: 'audit', pattern });
    expect(message).toMatch(/^invalid --pattern .*: EventBridge refuses it \(/);
    expect(message).toContain(reason);
  });

  test.each([
    ['orderId', 'it must start with "$."'],
    ['$.detail.data.lines[0]', 'is not a plain property name'],
    ['$.detail', 'names the whole detail object'],
    ['$.detail.body.orderId', "the router's envelope has no detail.body"],
    ['$.detail.data.orderID', 'orders-service OrderPaid v1 has no data.orderID'],
  ])('refuses the ordering key %s (%s)', (orderBy, reason) => {
    const message = refusal({ name: 'audit', pattern: PATTERN, orderBy });
    expect(message).toMatch(/^invalid --order-by: ordering key/);
    expect(message).toContain(reason);
  });
});
