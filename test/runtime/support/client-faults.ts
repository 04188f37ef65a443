import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Counts every command a client sends, by command name (e.g. `PutItemCommand`). */
export function countCommands(client: DynamoDBClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: `countCommands-${Math.random()}` },
  );
  return counts;
}

/**
 * Makes the next matching command fail the way a crash would look to the caller.
 * `before`: the request never reaches DynamoDB; `after`: DynamoDB applied it, then the caller died.
 */
export function failNext(client: DynamoDBClient, commandName: string, when: 'before' | 'after'): { readonly fired: () => boolean } {
  let armed = true;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!armed || context.commandName !== commandName) return next(args);
      armed = false;
      if (when === 'after') await next(args);
      throw Object.assign(new Error(`Injected crash ${when} ${commandName}`), { name: 'InjectedCrash' });
    },
    { step: 'initialize', name: `failNext-${Math.random()}` },
  );
  return { fired: () => !armed };
}
