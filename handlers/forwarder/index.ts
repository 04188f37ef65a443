/**
 * Forwarder: moves events from a consumer's standard buffer queue (read by many
 * invocations at once) to the consumer's FIFO queue with one message group per entity
 * (per event when unordered) and the producer's eventId as deduplication id.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { forwardBatch, loadForwardingConfig } from '../../runtime/forwarding';

const config = loadForwardingConfig(process.env);
const sqs = new SQSClient({});
const logger = new Logger({ serviceName: 'event-router-forwarder' });

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  forwardBatch(event.Records, config, sqs, {
    error: (message, extra) => logger.error(message, { messageId: extra.messageId, error: extra.error }),
  });
