import type { ErrorObject } from 'ajv';
import type { SchemaViolation } from './errors';

/** Turns ajv's errors into violations naming the field as a dotted path under `root` (`data.lines[0].sku`). */
export function toViolations(errors: readonly ErrorObject[] | null | undefined, root: string): SchemaViolation[] {
  return (errors ?? []).map((error) => {
    const base = root + pointerToPath(error.instancePath);
    switch (error.keyword) {
      case 'required':
        return { field: `${base}.${String(error.params.missingProperty)}`, rule: 'required', message: 'is required but missing' };
      case 'additionalProperties':
        return {
          field: `${base}.${String(error.params.additionalProperty)}`,
          rule: 'additionalProperties',
          message: 'is not declared by the schema (producers may only write declared fields)',
        };
      case 'enum':
        return { field: base, rule: 'enum', message: `must be one of ${JSON.stringify(error.params.allowedValues)}` };
      default:
        return { field: base, rule: error.keyword, message: error.message ?? `breaks rule ${error.keyword}` };
    }
  });
}

function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^\d+$/.test(token) ? `[${token}]` : /^[A-Za-z_$][\w$]*$/.test(token) ? `.${token}` : `[${JSON.stringify(token)}]`))
    .join('');
}
