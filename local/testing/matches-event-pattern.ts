import { matchesPattern } from '../eventbridge/index';

/**
 * Whether EventBridge would deliver `event` to a rule with `pattern`, decided by the local
 * runtime's pattern engine (AWS's matching rules, no AWS call). `pattern` is either EventBridge's
 * JSON shape (`detail-type`) or a CDK `EventPattern` / `ConsumerDefinition.eventPattern`
 * (`detailType`), so a unit test can check a consumer's own definition against its fixture event:
 * `expect(matchesEventPattern(shipping.eventPattern, event)).toBe(true)`.
 * @throws InvalidEventPatternError when EventBridge would refuse the pattern.
 */
export function matchesEventPattern(pattern: object, event: unknown): boolean {
  const rendered = Object.fromEntries(Object.entries(pattern).map(([key, value]) => [key === 'detailType' ? 'detail-type' : key, value]));
  return matchesPattern(rendered, event);
}
