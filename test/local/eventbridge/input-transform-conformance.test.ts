import { describe, expect, test } from '@jest/globals';
import { applyTarget, InvalidTargetInputError, validatePutEvents, validateTargetInput } from '../../../local/eventbridge/index';
import { readConformance, readSnapshot } from './conformance';

interface TransformerCases {
  eventEntry: { Source: string; DetailType: string; Detail: unknown };
  cases: {
    name: string;
    inputTemplate: string;
    inputPathsMap: Record<string, string>;
    expectedBodyParsedOrRaw?: unknown;
    expected?: string;
    note?: string;
  }[];
}

const file = readConformance<TransformerCases>('input-transformer-cases.json');
const snapshot = readSnapshot('test_events_inputs.snapshot.json');
const messages = (id: string, key: string): { Body: unknown }[] => {
  const content = snapshot[`tests/aws/services/events/test_events_inputs.py::${id}`];
  if (content === undefined) throw new Error(`snapshot has no ${id}`);
  return content[key] as { Body: unknown }[];
};

function deliveredEvent(detail: unknown = file.eventEntry.Detail): Record<string, unknown> {
  const { accepted } = validatePutEvents(
    { Entries: [{ Source: file.eventEntry.Source, DetailType: file.eventEntry.DetailType, Detail: JSON.stringify(detail) }] },
    { account: '111111111111', region: 'us-east-1', newId: () => 'event-1' },
  );
  return accepted[0]?.event as unknown as Record<string, unknown>;
}

/** The recorded body: a string is the raw SQS body, anything else is the body parsed as JSON. */
function expectBody(body: string | undefined, expected: unknown): void {
  if (typeof expected === 'string') expect(body).toBe(expected);
  else expect(JSON.parse(body as string)).toEqual(expected);
}

describe('InputTransformer (input-transformer-cases.json)', () => {
  const delivered = file.cases
    .filter((c) => c.expectedBodyParsedOrRaw !== undefined)
    .map((c, i) => [`${c.name} #${i + 1}: ${c.inputTemplate}`, c] as const);
  test.each(delivered)('%s', (_title, c) => {
    const body = applyTarget(
      { InputTransformer: { InputPathsMap: c.inputPathsMap, InputTemplate: c.inputTemplate.replaceAll('\\n', '\n') } },
      deliveredEvent(),
    );
    expectBody(body, c.expectedBodyParsedOrRaw);
  });

  const dropped = file.cases.filter((c) => c.expected !== undefined).map((c) => [c.inputTemplate, c] as const);
  test.each(dropped)('a JSON template whose result is not JSON delivers nothing: %s', (_t, c) => {
    const body = applyTarget({ InputTransformer: { InputPathsMap: c.inputPathsMap, InputTemplate: c.inputTemplate } }, deliveredEvent());
    expect(body).toBeUndefined();
  });
});

describe('InputPath and InputTransformer (test_events_inputs.snapshot.json)', () => {
  const detail = file.eventEntry.Detail as Record<string, unknown>;

  test('TestInputPath::test_put_events_with_input_path: $.detail', () => {
    const [m] = messages('TestInputPath::test_put_events_with_input_path', 'message');
    const event = deliveredEvent({ command: 'update-account', payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' } });
    expectBody(applyTarget({ InputPath: '$.detail' }, event), m?.Body);
  });

  test('TestInputPath::test_put_events_with_input_path_nested[event_detail0]: $.detail.payload', () => {
    const [m] = messages('TestInputPath::test_put_events_with_input_path_nested[event_detail0]', 'message');
    expectBody(applyTarget({ InputPath: '$.detail.payload' }, deliveredEvent(detail)), m?.Body);
  });

  test('TestInputPath::test_put_events_with_input_path_max_level_depth: a string leaf is sent as a JSON string', () => {
    const [m] = messages('TestInputPath::test_put_events_with_input_path_max_level_depth', 'message');
    expect(applyTarget({ InputPath: '$.detail.payload.sf_id' }, deliveredEvent(detail))).toBe(m?.Body);
  });

  test('TestInputPath::test_put_events_with_input_path_multiple_targets: a target without input gets the whole envelope', () => {
    const [m] = messages('TestInputPath::test_put_events_with_input_path_multiple_targets', 'message-queue-2');
    const event = deliveredEvent({ command: 'update-account', payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' } });
    const body = JSON.parse(applyTarget({}, event) as string) as Record<string, unknown>;
    expect({ ...body, id: '<uuid:3>', time: 'date', region: '<region>' }).toEqual(m?.Body);
  });

  const stringTemplate = '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"';
  test.each([
    ['custom-variables-match-all', '$.detail.command'],
    ['custom-variables-not-match-all', '$.detail.notinmessage'],
  ])('TestInputTransformer::test_put_events_with_input_transformer_input_template_string: %s', (key, commandPath) => {
    const [m] = messages('TestInputTransformer::test_put_events_with_input_transformer_input_template_string', key);
    const event = deliveredEvent(detail);
    const body = applyTarget(
      {
        InputTransformer: {
          InputPathsMap: { 'detail-type': '$.detail-type', timestamp: '$.time', command: commandPath },
          InputTemplate: stringTemplate,
        },
      },
      event,
    );
    expect(body?.replace(event.time as string, 'date')).toBe(m?.Body);
  });

  test.each([
    ['custom-variables-match-all', '$.detail.command'],
    ['custom-variables-not-match-all', '$.detail.notinmessage'],
  ])('TestInputTransformer::test_put_events_with_input_transformer_input_template_json: %s', (key, commandPath) => {
    const [m] = messages('TestInputTransformer::test_put_events_with_input_transformer_input_template_json', key);
    const event = deliveredEvent(detail);
    const body = applyTarget(
      {
        InputTransformer: {
          InputPathsMap: { 'detail-type': '$.detail-type', timestamp: '$.time', command: commandPath },
          InputTemplate: '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}',
        },
      },
      event,
    );
    expect({ ...JSON.parse(body as string), time: 'date' }).toEqual(m?.Body);
  });

  test('TestInputTransformer::test_put_events_with_input_transformer_missing_keys: an undefined placeholder is refused', () => {
    const recorded = snapshot['tests/aws/services/events/test_events_inputs.py::TestInputTransformer::test_put_events_with_input_transformer_missing_keys'];
    const error = (recorded?.['missing-key-exception-error'] as { Error: { Code: string; Message: string } }).Error;
    const target = {
      Id: '<target-id>',
      InputTransformer: {
        InputPathsMap: { 'detail-type': '$.detail-type', timestamp: '$.time', command: '$.detail.command' },
        InputTemplate: '"Event of <detail-type> type, with not defined key <notdefinedkey>"',
      },
    };
    expect(() => validateTargetInput(target)).toThrow(InvalidTargetInputError);
    expect(() => validateTargetInput(target)).toThrow(error.Message);
  });

  test('test_put_event_input_path_and_input_transformer: two input settings are refused', () => {
    const recorded = snapshot['tests/aws/services/events/test_events_inputs.py::test_put_event_input_path_and_input_transformer'];
    const error = (recorded?.['duplicated-input-operations-error'] as { Error: { Message: string } }).Error;
    const target = { Id: '<target-id>', InputPath: '$.detail', InputTransformer: { InputTemplate: '"x"' } };
    expect(() => validateTargetInput(target)).toThrow(error.Message);
  });

  test('TestInputTransformer::test_input_transformer_predefined_variables: rule ARN, rule name and ingestion time', () => {
    const [m] = messages(
      'TestInputTransformer::test_input_transformer_predefined_variables["Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"]',
      'messages',
    );
    const event = deliveredEvent();
    const body = applyTarget(
      {
        InputTransformer: {
          InputTemplate:
            '"Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"',
        },
      },
      event,
      { ruleArn: 'arn:<partition>:events:<region>:111111111111:rule/<bus-name>/<rule-name>', ruleName: '<rule-name>' },
    );
    expect(body?.replace(event.time as string, 'date')).toBe(m?.Body);
  });

  test('TestInputTransformer::test_input_transformer_predefined_variables: <aws.events.event> and <aws.events.event.json>', () => {
    const [m] = messages(
      'TestInputTransformer::test_input_transformer_predefined_variables[{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}]',
      'messages',
    );
    const event = deliveredEvent({ command: 'update-account', payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' } });
    const body = JSON.parse(
      applyTarget(
        { InputTransformer: { InputTemplate: '{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}' } },
        event,
      ) as string,
    ) as { originalEvent: Record<string, unknown>; originalEventJson: Record<string, unknown> };
    const expected = m?.Body as { originalEvent: Record<string, unknown>; originalEventJson: Record<string, unknown> };
    expect(Object.keys(body.originalEvent)).toEqual(Object.keys(expected.originalEvent));
    expect({ ...body.originalEvent, id: '<uuid:2>', time: '<ingestion-time>', region: '<region>' }).toEqual(expected.originalEvent);
    expect({ ...body.originalEventJson, id: '<uuid:2>', time: 'date', region: '<region>' }).toEqual(expected.originalEventJson);
  });
});
