/**
 * Operations on a running router, on AWS or on the local runtime alike: status, dead-letter queues (list, peek,
 * redrive), archive replay to one consumer, and tracing an event through every consumer. The CLI commands in
 * cli/commands/ and the local web page call these functions.
 */
export { connect } from './connect';
export type { ConnectOptions } from './connect';
export { connectLocal, localStatusReport } from './connect-local';
export { connectAws, consumerStackName } from './connect-aws';
export type { AwsClients, ConnectAwsOptions } from './connect-aws';
export { consumerStatus, judge } from './consumer-status';
export type { ConsumerStatus, QueueStatus, StatusOptions, Verdict } from './consumer-status';
export { listDlqs } from './list-dlqs';
export type { DlqSummary } from './list-dlqs';
export { peekDlq } from './peek-dlq';
export type { PeekOptions, PeekResult } from './peek-dlq';
export { checkRedriveOptions, redriveDlq } from './redrive-dlq';
export type { RedriveItem, RedriveOptions, RedriveProgress, RedriveResult } from './redrive-dlq';
export { skipParked } from './skip-parked';
export type { SkipItem, SkipParkedOptions, SkipParkedResult } from './skip-parked';
export { checkReplayWindow, replayConsumer, REPROCESS_PREFIX } from './replay-consumer';
export type { ReplayOptions, ReplayProgress, ReplayResult } from './replay-consumer';
export { traceEvents } from './trace-event';
export type { ConsumerOutcome, OutcomeKind, TracedEvent, TraceOptions, TraceResult } from './trace-event';
export { dlqRoute, dlqsOf } from './dlq-route';
export type { DlqRoute } from './dlq-route';
export { FILTER_FIELDS, FILTER_HELP, parseFilter } from './message-filter';
export type { MessageFilter } from './message-filter';
export { toParkedMessage } from './parked-message';
export type { ParkedMessage } from './parked-message';
export { parseTime, TIME_HELP } from './time-input';
export { ConsumerNotFoundError, DiscoveryError, FilterSyntaxError, OpsError, OpsInputError, ReplayError } from './errors';
export { DLQ_KINDS } from './types';
export type { ConsumerResources, DlqKind, OpsTarget, QueueFigures, QueueRef, RoutedEvent, TraceLog } from './types';
