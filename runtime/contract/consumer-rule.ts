/**
 * Prefix of every consumer rule's Description (`event-router consumer: <name>`): the constructs write
 * it, and the local runtime, its status and ops views and the test helpers find consumers by it.
 */
export const CONSUMER_RULE_DESCRIPTION_PREFIX = 'event-router consumer: ';

/** The Description a consumer's rule carries. */
export function consumerRuleDescription(consumerName: string): string {
  return `${CONSUMER_RULE_DESCRIPTION_PREFIX}${consumerName}`;
}

/** The consumer a rule Description names, or `undefined` when it is not a consumer rule's (or names no one). */
export function consumerOfRuleDescription(description: unknown): string | undefined {
  if (typeof description !== 'string' || !description.startsWith(CONSUMER_RULE_DESCRIPTION_PREFIX)) return undefined;
  const name = description.slice(CONSUMER_RULE_DESCRIPTION_PREFIX.length).trim();
  return name === '' ? undefined : name;
}
