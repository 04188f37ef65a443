import { InvalidEventPatternError } from '../../../local/eventbridge/index';
import { matchesEventPattern } from '../../../local/testing/index';

const event = { source: 'orders-service', 'detail-type': 'OrderPaid', detail: { data: { orderId: 'o-1' } } };

describe('matchesEventPattern', () => {
  test('reads a CDK EventPattern (detailType) as EventBridge reads detail-type', () => {
    expect(matchesEventPattern({ source: ['orders-service'], detailType: ['OrderPaid'] }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['orders-service'], detailType: ['OrderShipped'] }, event)).toBe(false);
  });

  test('reads EventBridge\'s own JSON shape too', () => {
    expect(matchesEventPattern({ 'detail-type': ['OrderPaid'], detail: { data: { orderId: [{ prefix: 'o-' }] } } }, event)).toBe(true);
  });

  test('throws for a pattern EventBridge would refuse', () => {
    expect(() => matchesEventPattern({ source: [] }, event)).toThrow(InvalidEventPatternError);
  });
});
