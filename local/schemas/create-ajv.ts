import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export { DRAFT_04_URI } from '../../runtime/schemas/index';

/**
 * A draft-04 validator with the standard formats (`date-time`, `email`...). Strict mode is on so
 * a misspelled keyword (`requried`) fails when the schema compiles instead of validating nothing.
 * `standalone` keeps each compiled validator's ES module source, for `npm run schema:types` to
 * write as code (ajv standalone): the same options, so build-time and in-process validators agree.
 */
export function createDraft04Ajv(options: { readonly standalone?: boolean } = {}): Ajv04 {
  const ajv = new Ajv04({ allErrors: true, strict: true, strictTypes: false, ...(options.standalone ? { code: { source: true, esm: true } } : {}) });
  addFormats(ajv);
  return ajv;
}
