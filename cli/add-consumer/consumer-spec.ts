import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { EventRouterConstructError, InvalidOrderingKeyError, InvalidPropError, OrderingKey, validateFifoConsumerProps } from '../../lib/index';
import { InvalidConsumerInputError } from './errors';

/** What `add consumer` was asked for, as typed on the command line. */
export interface AddConsumerInput {
  readonly name: string;
  /** The EventBridge event pattern, JSON text. */
  readonly pattern: string;
  /** `--order-by`: a JSON path such as `$.detail.data.orderId`. */
  readonly orderBy?: string;
  readonly transactional?: boolean;
}

/** A consumer the generator may write: every input checked as `cdk synth` will check it. */
export interface ConsumerSpec {
  readonly name: string;
  /** The pattern in EventBridge's own JSON shape (`detail-type`), as the rule and the matcher read it. */
  readonly pattern: Readonly<Record<string, unknown>>;
  /** The ordering-key path, or undefined for an unordered consumer (`OrderingKey.none()`). */
  readonly orderBy: string | undefined;
  /** The handler returns `transactional(...)` writes to its own state table. */
  readonly transactional: boolean;
}

/**
 * Kebab-case: words of lowercase letters and digits joined by single hyphens, a letter first. The
 * constructs' own rule (1-40 characters of [a-z0-9-], a letter first) keeps every derived AWS name
 * legal; this one also keeps the derived identifiers (`shippingLabels`, `ShippingLabelsConsumerStack`) distinct.
 */
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Top-level fields of an EventBridge event, the only ones a CDK `EventPattern` can name. */
export const EVENT_FIELDS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'];

const PATTERN_EXAMPLE = `'{"source":["orders-service"],"detail-type":["OrderPaid"]}'`;

/**
 * Checks the command line's inputs: the name's form, the pattern's JSON, then the same validation
 * `FifoConsumer` runs at synth (name length, EventBridge's pattern rules, the ordering key against the
 * envelope and the registered schemas), so a consumer the generator writes also synthesizes.
 * @throws InvalidConsumerInputError with a one-line message saying what to change.
 */
export function consumerSpec(input: AddConsumerInput): ConsumerSpec {
  const { name } = input;
  if (!KEBAB_CASE.test(name) || name.length > 40) {
    throw new InvalidConsumerInputError(
      `invalid consumer name ${JSON.stringify(name)}: use kebab-case of at most 40 characters (lowercase letters and digits, words joined by single "-", a letter first), e.g. "shipping-labels".`,
    );
  }
  const pattern = parsePattern(input.pattern);
  const orderBy = input.orderBy;
  try {
    validateFifoConsumerProps('add consumer', {
      consumerName: name,
      eventPattern: cdkEventPattern(pattern),
      orderingKey: orderBy === undefined ? OrderingKey.none() : OrderingKey.jsonPath(orderBy),
      entry: `functions/${name}/index.ts`,
      // Validation never reads the bus; the definition has none (its stack finds the bus by name).
      bus: undefined as unknown as IEventBus,
    });
  } catch (error) {
    if (error instanceof EventRouterConstructError) throw new InvalidConsumerInputError(inputMessage(error), { cause: error });
    throw error;
  }
  return { name, pattern, orderBy, transactional: input.transactional === true };
}

/** The pattern as a CDK `EventPattern` (`detail-type` -> `detailType`), what a ConsumerDefinition holds. */
export function cdkEventPattern(pattern: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pattern).map(([key, value]) => [key === 'detail-type' ? 'detailType' : key, value]));
}

function parsePattern(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidConsumerInputError(`--pattern is not JSON (${(error as Error).message}): quote the EventBridge pattern for the shell, e.g. --pattern ${PATTERN_EXAMPLE}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidConsumerInputError(`--pattern must be a JSON object (an EventBridge event pattern), e.g. --pattern ${PATTERN_EXAMPLE}.`);
  }
  for (const key of Object.keys(parsed)) {
    if (key === 'detailType') {
      throw new InvalidConsumerInputError('--pattern names "detailType": EventBridge events have "detail-type"; write the pattern as EventBridge reads it, e.g. {"detail-type":["OrderPaid"]}.');
    }
    if (!EVENT_FIELDS.includes(key)) {
      throw new InvalidConsumerInputError(
        `--pattern has a top-level ${JSON.stringify(key)}, which a consumer's eventPattern (CDK EventPattern) cannot hold: match on ${EVENT_FIELDS.join(', ')} (put "$or" inside "detail").`,
      );
    }
  }
  return parsed as Record<string, unknown>;
}

/** The construct's message, reworded for the command line: the option instead of the prop, no construct path. */
function inputMessage(error: EventRouterConstructError): string {
  const message = error.message.slice(error.constructPath.length + 2);
  if (error instanceof InvalidOrderingKeyError) return `invalid --order-by: ${message}`;
  if (error instanceof InvalidPropError) {
    const option = error.prop === 'consumerName' ? 'consumer name' : error.prop === 'eventPattern' ? '--pattern' : error.prop;
    return message.replace(`invalid ${error.prop} `, `invalid ${option} `);
  }
  return message;
}
