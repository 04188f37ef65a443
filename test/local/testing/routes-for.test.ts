import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { App } from 'aws-cdk-lib';
import { buildApp } from '../../../bin/build-app';
import { loadRoutes, routesFor, RoutesSourceError } from '../../../local/testing/index';

/** An envelope as the orders service publishes it (DESIGN.md). */
function orderEvent(detailType: string, source = 'orders-service'): Record<string, unknown> {
  return {
    version: '0',
    id: 'e1',
    source,
    'detail-type': detailType,
    account: '111111111111',
    time: '2026-11-23T10:30:42Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      metadata: { eventId: '01J8XK', eventType: 'order.placed', eventVersion: '1', occurredAt: '2026-11-23T10:30:42.123Z', producer: 'orders-service' },
      data: { orderId: 'ord_9921', totalCents: 4995 },
    },
  };
}

function rule(consumer: string, eventPattern: unknown, extra: Record<string, unknown> = {}): object {
  return {
    Type: 'AWS::Events::Rule',
    Properties: { Description: `event-router consumer: ${consumer}`, EventPattern: eventPattern, State: 'ENABLED', ...extra },
  };
}

describe('routesFor on hand-built templates', () => {
  const templates = [
    {
      Resources: {
        BillingRule: rule('billing', { source: ['orders-service'], 'detail-type': ['OrderPaid'] }),
        AuditRule: rule('audit', '{"source":[{"prefix":""}]}'),
        Unrelated: { Type: 'AWS::Events::Rule', Properties: { Description: 'someone else', EventPattern: { source: ['x'] } } },
      },
    },
    { Resources: { OffRule: rule('paused', { source: ['orders-service'] }, { State: 'DISABLED' }), Queue: { Type: 'AWS::SQS::Queue' } } },
  ];

  test('returns the consumers whose rules match, sorted by name', () => {
    expect(routesFor(orderEvent('OrderPaid'), { templates })).toEqual(['audit', 'billing']);
  });

  test('ignores rules without the consumer description and disabled rules', () => {
    expect(loadRoutes({ templates }).rules.map((r) => r.consumer)).toEqual(['billing', 'audit']);
  });

  test('an event no rule matches reaches no consumer', () => {
    expect(routesFor({ source: 'x' }, { templates: [{ Resources: { R: rule('billing', { source: ['y'] }) } }] })).toEqual([]);
  });

  test('a rule whose pattern EventBridge would reject is reported with the consumer name', () => {
    const load = (): unknown => routesFor({}, { templates: [{ Resources: { R: rule('broken', { source: [] }) } }] });
    expect(load).toThrow(RoutesSourceError);
    expect(load).toThrow(
      'The rule of consumer broken has a pattern EventBridge would reject: Event pattern is not valid. Reason: Empty arrays are not allowed',
    );
  });

  test('a cdkOut without manifest says what to point at', () => {
    expect(() => routesFor({}, { cdkOut: tmpdir() })).toThrow(/has no manifest.json/);
  });
});

describe('the example app routes orders events as consumers/index.ts configures', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'routes-cdk-out-'));
  let app: App;
  beforeAll(() => {
    app = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [] }, nag: false });
    app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test.each([
    ['OrderPlaced', ['inventory', 'notifications', 'analytics']],
    ['OrderPaid', ['inventory', 'notifications', 'analytics']],
    ['OrderShipped', ['inventory', 'notifications', 'analytics']],
    ['OrderRefunded', ['analytics']],
  ])('%s reaches %j', (detailType, consumers) => {
    expect(routesFor(orderEvent(detailType), { app })).toEqual([...consumers].sort());
  });

  test('events of another source reach no consumer', () => {
    expect(routesFor(orderEvent('OrderPlaced', 'billing-service'), { app })).toEqual([]);
  });

  test('the synthesized cdk.out gives the same routes as the App', () => {
    const fromCdkOut = loadRoutes({ cdkOut: outdir });
    const fromApp = loadRoutes({ app });
    for (const detailType of ['OrderPlaced', 'OrderRefunded']) {
      expect(fromCdkOut.for(orderEvent(detailType))).toEqual(fromApp.for(orderEvent(detailType)));
    }
  });
});
