import { existsSync } from 'node:fs';
import { SchemaRegistry } from '../../runtime/schemas/index';
import { compileEventSchemas } from './compile-validators';
import { DEFAULT_SCHEMA_ROOT, loadSchemaTree, registeredSchemasOf, type SchemaTree } from './schema-tree';

/**
 * The app's schema tree (its `schemas/` folder), or undefined when the app keeps none: tools (the
 * `publish` command, the local web view, the constructs' checks at synth) then check nothing.
 */
export function loadAppSchemaTree(root: string = DEFAULT_SCHEMA_ROOT): SchemaTree | undefined {
  return existsSync(root) ? loadSchemaTree(root) : undefined;
}

/**
 * The app's schemas compiled in this process (ajv), for tools that run where the schema files are;
 * Lambda functions import the validators `schema types` compiled into `schemas/generated/` instead.
 */
export function loadAppSchemaRegistry(root: string = DEFAULT_SCHEMA_ROOT): SchemaRegistry | undefined {
  const tree = loadAppSchemaTree(root);
  return tree === undefined ? undefined : new SchemaRegistry(compileEventSchemas(registeredSchemasOf(tree)).compiled);
}
