import type { ValidatableEvent } from '../envelope/index';
import type { CompiledValidateFunction } from './compiled-validator';
import { EventValidationError } from './errors';
import { toViolations } from './violations';

/** The `{ metadata, data }` envelope of an event's detail; EventValidationError when there is none. */
export function envelopeOf(event: ValidatableEvent, phase: 'publish' | 'consume'): { metadata: unknown; data: unknown } {
  const detail = event.detail;
  if (detail === null || typeof detail !== 'object' || !('metadata' in detail)) {
    throw new EventValidationError(
      `${event.source} / ${event.detailType}`,
      '?',
      [{ field: 'detail.metadata', rule: 'required', message: 'is missing: schema-checked events use the envelope { metadata, data }' }],
      phase,
    );
  }
  const envelope = detail as { metadata: unknown; data?: unknown };
  return { metadata: envelope.metadata, data: envelope.data };
}

/** The event's `source` and `detail-type` must be the ones registered for its event type; EventValidationError otherwise. */
export function checkRouting(event: ValidatableEvent, source: string, detailType: string, eventType: string, eventVersion: string, phase: 'publish' | 'consume'): void {
  const violations = [
    ...(event.source === source ? [] : [{ field: 'source', rule: 'registered-source', message: `is ${JSON.stringify(event.source)} but ${eventType} is registered under ${JSON.stringify(source)}` }]),
    ...(event.detailType === detailType ? [] : [{ field: 'detail-type', rule: 'registered-detail-type', message: `is ${JSON.stringify(event.detailType)} but ${eventType} is registered as ${JSON.stringify(detailType)}` }]),
  ];
  if (violations.length > 0) throw new EventValidationError(eventType, eventVersion, violations, phase);
}

/** Checks envelope metadata with the compiled schemas/envelope/metadata.json validator; EventValidationError naming each violation. */
export function checkMetadata(validate: CompiledValidateFunction, metadata: unknown, phase: 'publish' | 'consume'): void {
  if (!validate(metadata)) {
    const m = (metadata ?? {}) as Record<string, unknown>;
    throw new EventValidationError(String(m.eventType ?? '(unknown type)'), String(m.eventVersion ?? '?'), toViolations(validate.errors, 'metadata'), phase);
  }
}
