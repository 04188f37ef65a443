/** What follows the consumer's name in its stack's description. */
const SUMMARY = 'rule, FIFO queues, DLQs, function, dedupe table, alarms, dashboard';

/** Consumer names as the constructs accept them, at the start of a consumer stack's description. */
const DESCRIBED_CONSUMER = /^event-router consumer ([a-z][a-z0-9-]*):/;

/**
 * The CloudFormation description of a consumer's stack (`event-router consumer <name>: ...`): the ops
 * tools find a deployed router's consumer stacks by it.
 */
export function consumerStackDescription(consumerName: string): string {
  return `event-router consumer ${consumerName}: ${SUMMARY}`;
}

/** The consumer a stack description names, or `undefined` when it is not a consumer stack's. */
export function consumerOfStackDescription(description: string | undefined): string | undefined {
  return DESCRIBED_CONSUMER.exec(description ?? '')?.[1];
}
