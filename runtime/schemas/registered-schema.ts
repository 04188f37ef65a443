import type { CompiledValidateFunction } from './compiled-validator';

/** A JSON Schema document as the generated registry embeds it. */
export type SchemaDocumentJson = { readonly [keyword: string]: unknown };

/** One event version's data schema as compiled into the runtime (see generated/registry.ts). */
export interface RegisteredEventSchema {
  /** EventBridge `source`, e.g. `orders-service`. */
  readonly source: string;
  /** EventBridge `detail-type`, e.g. `OrderPlaced`. */
  readonly detailType: string;
  /** `metadata.eventType`, e.g. `order.placed`. */
  readonly eventType: string;
  /** `metadata.eventVersion` in canonical form: `"1"`, `"1.1"`. */
  readonly eventVersion: string;
  /** The draft-04 schema of `detail.data`. */
  readonly schema: SchemaDocumentJson;
}

/** A registered event version with its producer validator compiled at build time (the strict schema: undeclared fields refused). */
export interface CompiledEventSchema extends RegisteredEventSchema {
  readonly validatePublish: CompiledValidateFunction;
}
