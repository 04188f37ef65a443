import { FilterSyntaxError } from './errors';
import type { ParkedMessage } from './parked-message';

/** The fields `--filter` can test, and where each comes from. */
export const FILTER_FIELDS: Readonly<Record<string, (message: ParkedMessage) => string | undefined>> = {
  'event-id': (m) => m.eventId,
  'detail-type': (m) => m.detailType,
  source: (m) => m.source,
  entity: (m) => m.entity,
  error: (m) => m.errorType,
  message: (m) => m.errorMessage,
  'parked-by': (m) => m.parkedBy,
  'correlation-id': (m) => m.correlationId,
};

/** What `--filter` accepts, for help texts and error messages. */
export const FILTER_HELP =
  'KEY=VALUE (equal), KEY!=VALUE (not equal) or KEY~TEXT (contains, any case), several joined with "," (all must hold); ' +
  `KEY is one of ${Object.keys(FILTER_FIELDS).join(', ')}. Example: detail-type=OrderPaid,error=PermanentError`;

/** A parsed `--filter`: true for the messages it selects. */
export type MessageFilter = (message: ParkedMessage) => boolean;

const TERM = /^([a-z-]+)\s*(!=|=|~)\s*(.*)$/;

/**
 * Parses `--filter` expressions (each may hold several terms joined with ","; every term of every expression must
 * hold). Throws {@link FilterSyntaxError} naming the bad term and the accepted forms.
 */
export function parseFilter(expressions: readonly string[] | string | undefined): MessageFilter {
  const list = expressions === undefined ? [] : typeof expressions === 'string' ? [expressions] : expressions;
  const tests: MessageFilter[] = [];
  for (const expression of list) {
    for (const raw of expression.split(',')) {
      const term = raw.trim();
      if (term === '') throw new FilterSyntaxError(`--filter ${JSON.stringify(expression)} has an empty term. Use ${FILTER_HELP}.`);
      const match = TERM.exec(term);
      if (match === null) throw new FilterSyntaxError(`--filter term ${JSON.stringify(term)} is not KEY=VALUE. Use ${FILTER_HELP}.`);
      const [, key, op, value] = match as unknown as [string, string, string, string];
      const field = FILTER_FIELDS[key];
      if (field === undefined) throw new FilterSyntaxError(`--filter key ${JSON.stringify(key)} is unknown. Use ${FILTER_HELP}.`);
      if (value === '') throw new FilterSyntaxError(`--filter term ${JSON.stringify(term)} has no value. Use ${FILTER_HELP}.`);
      if (op === '=') tests.push((m) => field(m) === value);
      else if (op === '!=') tests.push((m) => field(m) !== value);
      else tests.push((m) => (field(m) ?? '').toLowerCase().includes(value.toLowerCase()));
    }
  }
  return (message) => tests.every((test) => test(message));
}
