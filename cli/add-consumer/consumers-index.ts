import { AppLayoutError } from './errors';

/** How the consumer list `consumers/index.ts` must change to hold a consumer. */
export interface Registration {
  /** The consumer is already imported and listed: nothing to change. */
  readonly registered: boolean;
  /** The file's new text when it must change. */
  readonly text: string;
}

const LIST = /export\s+const\s+consumers\s*(?::[^=]+)?=\s*\[/;

/** The module specifier of `./<name>` as the list imports it (`./shipping` or `./shipping.ts`). */
export function definitionSpecifier(name: string, withExtension: boolean): string {
  return `./${name}${withExtension ? '.ts' : ''}`;
}

/** A new consumer list holding one consumer. */
export function newConsumerList(identifier: string, specifier: string): string {
  return [
    '/**',
    ' * The consumers of this app, one ConsumerDefinition each: the CDK app builds one ConsumerStack per',
    ' * entry, so a consumer\'s infrastructure derives from its definition. `npx event-router add consumer`',
    ' * adds entries here.',
    ' */',
    "import type { ConsumerDefinition } from 'event-router';",
    `import { ${identifier} } from '${specifier}';`,
    '',
    `export const consumers: ConsumerDefinition[] = [${identifier}];`,
    '',
  ].join('\n');
}

/** Whether the list already defines a consumer of that name inline (`name: 'inventory'`). */
export function listsNameInline(text: string, name: string): boolean {
  return new RegExp(`\\bname\\s*:\\s*(['"\`])${name}\\1`).test(text);
}

/**
 * Adds `import { <identifier> } from '<specifier>'` after the last import and `<identifier>` at the end of
 * `export const consumers ... = [ ... ]`, keeping the list's layout (one per line or inline). A list
 * that already imports and holds the identifier is left as it is.
 * @throws AppLayoutError when the file has no such list.
 */
export function registerInList(text: string, identifier: string, name: string, path: string): Registration {
  const list = LIST.exec(text);
  if (list === null) {
    throw new AppLayoutError(
      `${path} has no \`export const consumers: ConsumerDefinition[] = [...]\`: declare the list there (the CDK app builds one stack per entry), then run the command again.`,
    );
  }
  const open = list.index + list[0].length - 1;
  const close = closingBracket(text, open, path);
  const body = text.slice(open + 1, close);
  const imported = new RegExp(`import\\s*\\{[^}]*\\b${identifier}\\b[^}]*\\}\\s*from\\s*['"]\\./${name}(?:\\.[jt]s)?['"]`).test(text);
  const listed = new RegExp(`(^|[^\\w$.])${identifier}(?![\\w$])`).test(codeOnly(body));
  if (imported && listed) return { registered: true, text };

  let updated = text;
  if (!listed) updated = updated.slice(0, open + 1) + withEntry(body, identifier) + updated.slice(close);
  if (!imported) updated = addImport(updated, `import { ${identifier} } from '${definitionSpecifier(name, usesTsExtensions(text))}';`);
  return { registered: false, text: updated };
}

/** The list body with `identifier` appended: a new line when entries are one per line, else `, identifier`. */
function withEntry(body: string, identifier: string): string {
  const last = lastCodeIndex(body);
  if (last < 0) return body.includes('\n') ? `${body.trimEnd()}\n  ${identifier},\n` : identifier;
  // The comma goes right after the last element, before any comment that follows it.
  const withComma = body[last] === ',' ? body : `${body.slice(0, last + 1)},${body.slice(last + 1)}`;
  const trimmed = withComma.trimEnd();
  if (body.includes('\n')) {
    const indent = /\n([ \t]*)\S/.exec(body)?.[1] ?? '  ';
    return `${trimmed}\n${indent}${identifier},\n`;
  }
  return `${trimmed} ${identifier}`;
}

/** Index of the last character of code (not whitespace, not in a comment) in `text`, or -1. */
function lastCodeIndex(text: string): number {
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i) - 1;
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"' || c === '`') i = last = stringEnd(text, i);
    else if (!/\s/.test(c)) last = i;
  }
  return last;
}

function usesTsExtensions(text: string): boolean {
  return /from\s+['"]\.{1,2}\/[^'"]+\.ts['"]/.test(text);
}

/** Inserts an import line after the last top-level import (or at the top when there is none). */
function addImport(text: string, line: string): string {
  const imports = [...text.matchAll(/^import\s[^;]*?(?:from\s*)?['"][^'"]+['"];?[ \t]*$/gm)];
  const last = imports.at(-1);
  if (last === undefined) return `${line}\n${text}`;
  const end = last.index + last[0].length;
  return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
}

/** Index of the `]` closing the `[` at `open`, skipping strings, template literals and comments. */
function closingBracket(text: string, open: number, path: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"' || c === '`') i = stringEnd(text, i);
    else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') {
      depth--;
      if (depth === 0) {
        if (c !== ']') break;
        return i;
      }
    }
  }
  throw new AppLayoutError(`${path}: the consumers list is not closed where expected; fix the file's syntax, then run the command again.`);
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** The text without comments and string contents, so a name inside a pattern's string is not taken for a list entry. */
function codeOnly(text: string): string {
  let code = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i) - 1;
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"' || c === '`') {
      i = stringEnd(text, i);
      code += '""';
    } else code += c;
  }
  return code;
}
