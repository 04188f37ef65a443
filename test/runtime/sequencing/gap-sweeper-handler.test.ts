import { createGapSweeperHandler } from '../../../runtime/sequencing/index';

describe('createGapSweeperHandler', () => {
  test('fails at cold start naming a missing variable', () => {
    expect(() => createGapSweeperHandler({ consumerName: 'inventory', tableName: 'dedupe' })).toThrow(/CONSUMER_QUEUE_URL/);
  });
});
