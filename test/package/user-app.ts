/**
 * A user's CDK app, as a team writes it in its own repository with the installed package: a router
 * stack with the bus and the alarm topic, one ordered consumer with its handler, and a check that uses
 * event-router/testing. TypeScript that Node 24 runs as it is (type stripping), so the app needs
 * neither tsx nor a build step of its own.
 */
export const USER_APP_FILES: Record<string, string> = {
  'cdk.json': JSON.stringify({ app: 'node bin/app.ts' }, null, 2),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2023',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        allowImportingTsExtensions: true,
        noEmit: true,
        strict: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['bin', 'consumers', 'functions', 'test'],
    },
    null,
    2,
  ),
  'bin/app.ts': `import { App, Stack } from 'aws-cdk-lib';
import { AlarmTopic, ConsumerStack, RouterBus, routerNames } from 'event-router';
import { consumers } from '../consumers/index.ts';

const routerName = 'shop';
const names = routerNames(routerName);
const app = new App();
const router = new Stack(app, 'ShopRouterStack');
new RouterBus(router, 'Bus', { eventBusName: names.bus, archiveName: names.archive });
new AlarmTopic(router, 'Alarms', { topicName: names.alarmTopic });
for (const consumer of consumers) {
  new ConsumerStack(app, \`Shop-\${consumer.name}\`, { routerName, consumer }).addStackDependency(router);
}
app.synth();
`,
  'consumers/index.ts': `import type { ConsumerDefinition } from 'event-router';
import { payments } from './payments.ts';

export const consumers: ConsumerDefinition[] = [
  payments,
];
`,
  'consumers/payments.ts': `import { OrderingKey, type ConsumerDefinition } from 'event-router';

export const payments: ConsumerDefinition = {
  name: 'payments',
  eventPattern: { source: ['shop'], detailType: ['OrderPlaced'] },
  orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
  stateTable: true,
};
`,
  'functions/payments/index.ts': `import { fifoConsumer, transactional } from 'event-router/runtime';

const tableName = process.env['STATE_TABLE_NAME'] ?? '';

/** Records each order it is told about, once per event. */
export const handler = fifoConsumer({
  handler: (event) =>
    transactional([
      {
        Put: {
          TableName: tableName,
          Item: { pk: { S: \`order#\${(event.data as { orderId: string }).orderId}\` }, sk: { S: event.detailType } },
        },
      },
    ]),
});
`,
  'test/routes.ts': `import { routesFor } from 'event-router/testing';

// Which consumers the synthesized app routes an event to (argv[2]: cdk.out, argv[3]: the event).
console.log(JSON.stringify(routesFor(process.argv[3]!, { cdkOut: process.argv[2]! })));
`,
};
