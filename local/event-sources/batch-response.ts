import { InvalidBatchResponseError } from './errors';

/**
 * The item identifiers a function reported as failed (`{ batchItemFailures: [{ itemIdentifier }] }`).
 * An empty or null response means every item succeeded; a malformed one, or an identifier that is not in the
 * batch, fails the whole batch, as Lambda does.
 */
export function failedItemIds(response: unknown, batchIds: ReadonlySet<string>): Set<string> {
  if (response === null || response === undefined) return new Set();
  if (typeof response !== 'object' || Array.isArray(response)) {
    throw new InvalidBatchResponseError(`the response ${JSON.stringify(response)} is not a batchItemFailures object.`);
  }
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) throw new InvalidBatchResponseError('batchItemFailures is not a list.');
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !batchIds.has(id)) {
      throw new InvalidBatchResponseError(`batchItemFailures entry ${JSON.stringify(failure)} does not name an item of the batch.`);
    }
    ids.add(id);
  }
  return ids;
}
