import { busNameFrom } from '../eventbridge/endpoint';
import { consumerOfRuleDescription } from '../../runtime/contract';
import type { ResolvedResource } from '../template';
import { EnvironmentVariable } from '../../runtime/contract';

/** What a node stands for. */
export type NodeKind = 'producer' | 'table' | 'bus' | 'rule' | 'schedule' | 'queue' | 'dlq' | 'function';

/** One box of the drawing. */
export interface TopologyNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** The consumer it serves (everything downstream of a consumer's rule); undefined for producers and buses. */
  readonly consumer?: string;
  /** Column: longest path from a producer, dead-letter edges left out. */
  readonly rank: number;
  /** ARN of a queue (backlog), name of a function (in flight), name of a bus or `<stack>/<logicalId>` of a rule or schedule. */
  readonly ref: string;
}

/** What an edge carries. */
export type EdgeKind = 'publish' | 'match' | 'target' | 'trigger' | 'poll' | 'read' | 'send' | 'write' | 'dead-letter';

/** One arrow; `flow` says which counter its events/s come from. */
export interface TopologyEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly flow: EdgeFlow;
}

/** Counter behind an edge's rate. */
export type EdgeFlow =
  | { readonly type: 'accepted'; readonly bus: string; readonly minusMappings: readonly string[] }
  | { readonly type: 'matched'; readonly rule: string }
  | { readonly type: 'mapping-records'; readonly mapping: string }
  | { readonly type: 'mapping-succeeded'; readonly mappings: readonly string[] }
  | { readonly type: 'invocations'; readonly functionName: string }
  | { readonly type: 'dlq-arrivals'; readonly queueArn: string };

/** The router's topology as the synthesized templates declare it. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** Consumer names, sorted. */
  readonly consumers: readonly string[];
}
const EXTERNAL = 'producer:putevents';

type Env = Record<string, unknown>;
const envOf = (r: ResolvedResource): Env => ((r.properties.Environment as { Variables?: Env } | undefined)?.Variables ?? {}) as Env;
const where = (r: ResolvedResource) => `${r.stackName}/${r.logicalId}`;

/**
 * Derives producers -> bus -> rule -> buffer -> forwarder -> consumer queue -> consumer function, with
 * DLQs, from the resolved templates alone: rules and their targets, schedules and the functions they run,
 * event source mappings, queues' redrive policies, and the queue URLs, table and bus names functions get
 * in their environment. Resources on no path to or from a bus (a schema registry) are left out.
 */
export function buildTopology(resources: readonly ResolvedResource[]): Topology {
  const nodes = new Map<string, Omit<TopologyNode, 'rank' | 'consumer'>>();
  const edges: TopologyEdge[] = [];
  const addEdge = (from: string, to: string, kind: EdgeKind, flow: EdgeFlow) => {
    const id = `${from}->${to}`;
    if (!edges.some((e) => e.id === id)) edges.push({ id, from, to, kind, flow });
  };
  const queues = resources.filter((r) => r.type === 'AWS::SQS::Queue');
  const functions = resources.filter((r) => r.type === 'AWS::Lambda::Function');
  const tables = resources.filter((r) => r.type === 'AWS::DynamoDB::Table');
  const mappings = resources.filter((r) => r.type === 'AWS::Lambda::EventSourceMapping');
  const dlqArns = new Set<string>();
  for (const q of queues) {
    const target = redriveTarget(q);
    if (target !== undefined) dlqArns.add(target);
  }
  const queueByArn = new Map(queues.map((q) => [q.attributes.Arn, q]));
  const queueByUrl = new Map(queues.map((q) => [q.physicalId, q]));
  const fnByKey = new Map<string, ResolvedResource>();
  for (const f of functions) for (const key of [f.physicalId, f.attributes.Arn, f.logicalId]) if (key) fnByKey.set(key, f);
  const queueNode = (q: ResolvedResource) => {
    const id = `queue:${q.attributes.Arn}`;
    nodes.set(id, { id, kind: dlqArns.has(q.attributes.Arn) ? 'dlq' : 'queue', label: q.attributes.QueueName ?? q.logicalId, ref: q.attributes.Arn });
    return id;
  };
  const fnNode = (f: ResolvedResource) => {
    const id = `function:${f.physicalId}`;
    nodes.set(id, { id, kind: 'function', label: f.physicalId, ref: f.physicalId });
    return id;
  };
  const succeededMappingsOf = (f: ResolvedResource) =>
    mappings.filter((m) => fnByKey.get(functionRef(m)) === f).map(where);

  const buses = resources.filter((r) => r.type === 'AWS::Events::EventBus');
  for (const bus of buses) {
    const name = String(bus.properties.Name ?? bus.physicalId);
    nodes.set(`bus:${name}`, { id: `bus:${name}`, kind: 'bus', label: name, ref: name });
  }
  const rules = resources.filter((r) => r.type === 'AWS::Events::Rule' && r.properties.EventPattern !== undefined);
  const busOfRule = (rule: ResolvedResource) => busNameFrom(typeof rule.properties.EventBusName === 'string' ? rule.properties.EventBusName : undefined);
  for (const rule of rules) {
    const busId = `bus:${busOfRule(rule)}`;
    if (!nodes.has(busId)) nodes.set(busId, { id: busId, kind: 'bus', label: busOfRule(rule), ref: busOfRule(rule) });
    const consumer = consumerOfRuleDescription(rule.properties.Description);
    const ruleId = `rule:${where(rule)}`;
    nodes.set(ruleId, {
      id: ruleId,
      kind: 'rule',
      label: consumer === undefined ? rule.logicalId : `rule ${consumer}`,
      ref: where(rule),
    });
    addEdge(busId, ruleId, 'match', { type: 'matched', rule: where(rule) });
    for (const target of (rule.properties.Targets ?? []) as Record<string, unknown>[]) {
      const arn = String(target.Arn);
      const q = queueByArn.get(arn);
      const f = fnByKey.get(arn) ?? fnByKey.get(arn.split(':').slice(0, 7).join(':'));
      if (q !== undefined) addEdge(ruleId, queueNode(q), 'target', { type: 'matched', rule: where(rule) });
      else if (f !== undefined) addEdge(ruleId, fnNode(f), 'target', { type: 'matched', rule: where(rule) });
      const dlqArn = (target.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn;
      const dlq = typeof dlqArn === 'string' ? queueByArn.get(dlqArn) : undefined;
      if (dlq !== undefined) {
        dlqArns.add(dlq.attributes.Arn);
        addEdge(ruleId, queueNode(dlq), 'dead-letter', { type: 'dlq-arrivals', queueArn: dlq.attributes.Arn });
      }
    }
  }
  // Schedules (the gap sweepers, the outbox sweeper): kept when the function they run is on an event path.
  for (const schedule of resources.filter((r) => r.type === 'AWS::Events::Rule' && r.properties.ScheduleExpression !== undefined)) {
    const id = `schedule:${where(schedule)}`;
    for (const target of (schedule.properties.Targets ?? []) as Record<string, unknown>[]) {
      const f = fnByKey.get(String(target.Arn));
      if (f === undefined) continue;
      nodes.set(id, { id, kind: 'schedule', label: String(schedule.properties.ScheduleExpression), ref: where(schedule) });
      addEdge(id, fnNode(f), 'trigger', { type: 'invocations', functionName: f.physicalId });
    }
  }
  for (const m of mappings) {
    const f = fnByKey.get(functionRef(m));
    const source = String(m.properties.EventSourceArn);
    if (f === undefined) continue;
    if (queueByArn.has(source)) {
      addEdge(queueNode(queueByArn.get(source)!), fnNode(f), 'poll', { type: 'mapping-records', mapping: where(m) });
    } else {
      const table = tables.find((t) => source.startsWith(`${t.attributes.Arn}/stream/`) || t.attributes.StreamArn === source);
      if (table === undefined) continue;
      const tableId = `table:${table.physicalId}`;
      nodes.set(tableId, { id: tableId, kind: 'table', label: table.physicalId, ref: table.physicalId });
      addEdge(tableId, fnNode(f), 'poll', { type: 'mapping-records', mapping: where(m) });
      const onFailure = ((m.properties.DestinationConfig as Env | undefined)?.OnFailure as Env | undefined)?.Destination;
      const failureQueue = typeof onFailure === 'string' ? queueByArn.get(onFailure) : undefined;
      if (failureQueue !== undefined) {
        dlqArns.add(failureQueue.attributes.Arn);
        addEdge(fnNode(f), queueNode(failureQueue), 'dead-letter', { type: 'dlq-arrivals', queueArn: failureQueue.attributes.Arn });
      }
    }
  }
  for (const q of queues) {
    const target = redriveTarget(q);
    const dlq = target === undefined ? undefined : queueByArn.get(target);
    if (dlq !== undefined && nodes.has(`queue:${q.attributes.Arn}`)) {
      addEdge(queueNode(q), queueNode(dlq), 'dead-letter', { type: 'dlq-arrivals', queueArn: dlq.attributes.Arn });
    }
  }
  // What functions send to, write to or read from, told by their environment.
  for (const f of functions) {
    const publishes = Object.values(envOf(f)).some((value) => typeof value === 'string' && nodes.has(`bus:${value}`));
    for (const value of Object.values(envOf(f))) {
      if (typeof value !== 'string') continue;
      const q = queueByUrl.get(value);
      if (q !== undefined) {
        const dlq = dlqArns.has(q.attributes.Arn);
        addEdge(fnNode(f), queueNode(q), dlq ? 'dead-letter' : 'send', dlq ? { type: 'dlq-arrivals', queueArn: q.attributes.Arn } : { type: 'mapping-succeeded', mappings: succeededMappingsOf(f) });
      }
      if (nodes.has(`bus:${value}`)) addEdge(fnNode(f), `bus:${value}`, 'publish', { type: 'mapping-succeeded', mappings: succeededMappingsOf(f) });
      const table = tables.find((t) => t.physicalId === value && nodes.has(`table:${t.physicalId}`));
      const tableId = `table:${table?.physicalId}`;
      // The stream's own reader (the outbox publisher) only marks rows; a function that publishes what it finds there
      // (the outbox sweeper) reads it; any other function (the business function) writes it.
      if (table === undefined || edges.some((e) => e.from === tableId && e.to === `function:${f.physicalId}`)) continue;
      if (publishes) addEdge(tableId, fnNode(f), 'read', { type: 'invocations', functionName: f.physicalId });
      else addEdge(fnNode(f), tableId, 'write', { type: 'invocations', functionName: f.physicalId });
    }
  }
  for (const bus of [...nodes.values()].filter((n) => n.kind === 'bus')) {
    nodes.set(EXTERNAL, { id: EXTERNAL, kind: 'producer', label: 'PutEvents clients', ref: '' });
    const publishers = edges.filter((e) => e.to === bus.id && e.kind === 'publish' && e.flow.type === 'mapping-succeeded');
    addEdge(EXTERNAL, bus.id, 'publish', {
      type: 'accepted',
      bus: bus.ref,
      minusMappings: publishers.flatMap((e) => (e.flow.type === 'mapping-succeeded' ? e.flow.mappings : [])),
    });
  }
  const consumerOfFunction = new Map(
    functions.flatMap((f) => {
      const consumer = envOf(f)[EnvironmentVariable.CONSUMER_NAME];
      return typeof consumer === 'string' ? [[`function:${f.physicalId}`, consumer] as const] : [];
    }),
  );
  return finish(nodes, edges, consumerOfFunction);
}

function finish(nodes: Map<string, Omit<TopologyNode, 'rank' | 'consumer'>>, edges: TopologyEdge[], consumerOfFunction: ReadonlyMap<string, string>): Topology {
  // Keep what is connected to a bus; rank by longest path over the non-dead-letter edges.
  const connected = new Set<string>([...nodes.values()].filter((n) => n.kind === 'bus').map((n) => n.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of edges) {
      if (connected.has(e.from) !== connected.has(e.to)) {
        connected.add(e.from);
        connected.add(e.to);
        changed = true;
      }
    }
  }
  const kept = edges.filter((e) => connected.has(e.from) && connected.has(e.to));
  const rank = new Map<string, number>([...connected].map((id) => [id, 0]));
  for (let pass = 0; pass < connected.size; pass += 1) {
    let changed = false;
    for (const e of kept) {
      const next = rank.get(e.from)! + 1;
      if (e.kind !== 'dead-letter' && rank.get(e.to)! < next) {
        rank.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // A scheduled function sits one column left of what it feeds (a gap sweeper beside the forwarder), its schedule left of it.
  for (const trigger of kept.filter((e) => e.kind === 'trigger')) {
    const next = kept.filter((e) => e.from === trigger.to && e.kind !== 'dead-letter').map((e) => rank.get(e.to)!);
    if (next.length > 0) rank.set(trigger.to, Math.max(rank.get(trigger.to)!, Math.min(...next) - 1));
    rank.set(trigger.from, Math.max(0, rank.get(trigger.to)! - 1));
  }
  // A DLQ sits one column right of the first thing that parks into it.
  for (const e of kept) if (e.kind === 'dead-letter') rank.set(e.to, Math.max(rank.get(e.to) ?? 0, rank.get(e.from)! + 1));
  const consumer = new Map<string, string>();
  for (const [id, node] of nodes) {
    if (node.kind === 'rule' && node.label.startsWith('rule ') && connected.has(id)) consumer.set(id, node.label.slice(5));
  }
  const known = new Set(consumer.values());
  // A consumer's own functions (its gap sweeper) by their CONSUMER_NAME, and a schedule with the function it runs.
  for (const [id, name] of consumerOfFunction) if (connected.has(id) && known.has(name)) consumer.set(id, name);
  for (const trigger of kept.filter((e) => e.kind === 'trigger')) {
    const owner = consumer.get(trigger.to);
    if (owner !== undefined) consumer.set(trigger.from, owner);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of kept) {
      const owner = consumer.get(e.from);
      if (owner !== undefined && !consumer.has(e.to) && nodes.get(e.to)!.kind !== 'bus') {
        consumer.set(e.to, owner);
        changed = true;
      }
    }
  }
  const result = [...connected].map((id) => ({ ...nodes.get(id)!, rank: rank.get(id)!, consumer: consumer.get(id) }));
  const consumers = [...new Set(consumer.values())].sort();
  return { nodes: result, edges: kept, consumers };
}

function functionRef(mapping: ResolvedResource): string {
  return String(mapping.properties.FunctionName);
}

function redriveTarget(queue: ResolvedResource): string | undefined {
  let policy = queue.properties.RedrivePolicy as Record<string, unknown> | string | undefined;
  if (typeof policy === 'string') policy = JSON.parse(policy) as Record<string, unknown>;
  return typeof policy?.deadLetterTargetArn === 'string' ? policy.deadLetterTargetArn : undefined;
}
