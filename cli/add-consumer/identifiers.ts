/** Identifiers derived from a kebab-case consumer name, the same every run. */
export interface ConsumerIdentifiers {
  /** `shipping-labels` -> `shippingLabels`: the exported ConsumerDefinition (`shippingLabelsConsumer` when that is a reserved word). */
  readonly definition: string;
  /** `shipping-labels` -> `ShippingLabels`: prefix of the handler factory and its types. */
  readonly pascal: string;
}

// Words a `const` cannot be named, and names the consumer list's module already uses.
const TAKEN = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
  'interface', 'package', 'private', 'protected', 'public', 'await', 'async', 'of', 'type', 'consumers', 'undefined', 'arguments', 'eval',
]);

/** The identifiers generated code uses for consumer `name`. */
export function consumerIdentifiers(name: string): ConsumerIdentifiers {
  const pascal = name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return { definition: TAKEN.has(camel) ? `${camel}Consumer` : camel, pascal };
}
