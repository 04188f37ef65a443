import { CONSUMER_RULE_DESCRIPTION_PREFIX, consumerOfRuleDescription, consumerRuleDescription } from '../../../runtime/contract/index';

describe('consumer rule description', () => {
  test('a consumer rule is described with the prefix and the consumer name', () => {
    expect(consumerRuleDescription('inventory')).toBe('event-router consumer: inventory');
    expect(consumerRuleDescription('inventory').startsWith(CONSUMER_RULE_DESCRIPTION_PREFIX)).toBe(true);
  });

  test('the name written into a description is the name read back from it', () => {
    for (const name of ['inventory', 'a', 'billing-v2']) expect(consumerOfRuleDescription(consumerRuleDescription(name))).toBe(name);
  });

  test('surrounding white space is not part of the name', () => {
    expect(consumerOfRuleDescription('event-router consumer:  inventory \n')).toBe('inventory');
  });

  test('a description without the prefix names no consumer', () => {
    expect(consumerOfRuleDescription('event-router consumer inventory: rule, FIFO queues')).toBeUndefined();
    expect(consumerOfRuleDescription('archive replay rule')).toBeUndefined();
  });

  test('the prefix alone names no consumer', () => {
    expect(consumerOfRuleDescription(CONSUMER_RULE_DESCRIPTION_PREFIX)).toBeUndefined();
  });

  test('a rule without a Description, or with one that is not text, names no consumer', () => {
    expect(consumerOfRuleDescription(undefined)).toBeUndefined();
    expect(consumerOfRuleDescription({ 'Fn::Join': ['', ['event-router consumer: ', 'x']] })).toBeUndefined();
  });
});
