import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssemblyLoadError,
  IntrinsicResolutionError,
  MissingAssetError,
  UnsupportedResourceTypeError,
  functionCodeOf,
  loadCloudAssembly,
  resolveAssembly,
  type CfnTemplate,
  type LocalEnvironment,
} from '../../../local/template';

const env: LocalEnvironment = {
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
  sqsEndpoint: 'http://127.0.0.1:9324',
};

/** Writes a cloud assembly with the given stacks (and one asset dir holding index.mjs) to a temp dir. */
function assembly(stacks: Record<string, CfnTemplate>, dependencies: Record<string, string[]> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'e1-assembly-'));
  const artifacts: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(stacks)) {
    writeFileSync(join(dir, `${name}.template.json`), JSON.stringify(template));
    writeFileSync(
      join(dir, `${name}.assets.json`),
      JSON.stringify({ version: '55.0.0', files: { abc123: { source: { path: 'asset.abc123', packaging: 'zip' }, destinations: { d: { objectKey: 'abc123.zip' } } } } }),
    );
    artifacts[`${name}.assets`] = { type: 'cdk:asset-manifest', properties: { file: `${name}.assets.json` } };
    artifacts[name] = {
      type: 'aws:cloudformation:stack',
      properties: { templateFile: `${name}.template.json` },
      dependencies: [`${name}.assets`, ...(dependencies[name] ?? [])],
    };
  }
  mkdirSync(join(dir, 'asset.abc123'));
  writeFileSync(join(dir, 'asset.abc123', 'index.mjs'), 'export const handler = async () => null;');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  return dir;
}

const resolved = (stacks: Record<string, CfnTemplate>, deps?: Record<string, string[]>) => resolveAssembly(loadCloudAssembly(assembly(stacks, deps)), env);
const byId = (r: ReturnType<typeof resolved>, id: string) => r.resources.find((x) => x.logicalId === id)!;

describe('resolveAssembly', () => {
  it('names a FIFO queue <stack>-<logicalId>.fifo, with its URL on the SQS endpoint as Ref and its ARN as Arn', () => {
    const r = resolved({
      App: {
        Resources: {
          Q: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
          User: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Q', 'Arn'] }, maxReceiveCount: 3 } } },
        },
      },
    });
    expect(byId(r, 'Q').physicalId).toBe('http://127.0.0.1:9324/000000000000/App-Q.fifo');
    expect(byId(r, 'User').properties.RedrivePolicy).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:App-Q.fifo', maxReceiveCount: 3 });
  });

  it('keeps explicit names: TableName, QueueName, FunctionName, bus Name', () => {
    const r = resolved({
      App: {
        Resources: {
          T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
          Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-jobs' } } },
          B: { Type: 'AWS::Events::EventBus', Properties: { Name: 'bus' } },
          Env: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'table', Value: { Ref: 'T' } }, { Key: 'bus', Value: { 'Fn::GetAtt': ['B', 'Arn'] } }] } },
        },
      },
    });
    expect(byId(r, 'T').attributes.Arn).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/orders');
    expect(byId(r, 'Q').attributes.QueueName).toBe('App-jobs');
    expect(byId(r, 'Env').properties.Tags).toEqual([
      { Key: 'table', Value: 'orders' },
      { Key: 'bus', Value: 'arn:aws:events:us-east-1:000000000000:event-bus/bus' },
    ]);
  });

  it('resolves Fn::ImportValue to another stack output Export', () => {
    const r = resolved(
      {
        Producer: {
          Resources: { B: { Type: 'AWS::Events::EventBus', Properties: { Name: 'bus' } } },
          Outputs: { BusArn: { Value: { 'Fn::GetAtt': ['B', 'Arn'] }, Export: { Name: 'shared-bus-arn' } } },
        },
        Consumer: { Resources: { R: { Type: 'AWS::Events::Rule', Properties: { EventBusName: { 'Fn::ImportValue': 'shared-bus-arn' }, EventPattern: { source: ['x'] } } } } },
      },
      { Consumer: ['Producer'] },
    );
    expect(byId(r, 'R').properties.EventBusName).toBe('arn:aws:events:us-east-1:000000000000:event-bus/bus');
    expect(r.exports['shared-bus-arn']).toBe('arn:aws:events:us-east-1:000000000000:event-bus/bus');
  });

  it('leaves out resources whose Condition is false, as CloudFormation does', () => {
    const r = resolved({
      App: {
        Parameters: { Stage: { Type: 'String', Default: 'local' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
        Resources: { Alarm: { Type: 'AWS::CloudWatch::Alarm', Condition: 'IsProd' }, Q: { Type: 'AWS::SQS::Queue' } },
      },
    });
    expect(r.resources.map((x) => x.logicalId)).toEqual(['Q']);
  });

  it('refuses an unsupported resource type, naming the stack, resource and type', () => {
    expect(() => resolved({ App: { Resources: { Topic: { Type: 'AWS::StepFunctions::StateMachine' } } } })).toThrow(UnsupportedResourceTypeError);
    expect(() => resolved({ App: { Resources: { Topic: { Type: 'AWS::StepFunctions::StateMachine' } } } })).toThrow(
      /App\/Topic: resource type AWS::StepFunctions::StateMachine is not supported by the local runtime/,
    );
  });

  it('accepts IAM, policies, alarms, log groups and KMS explicitly as no-ops', () => {
    const r = resolved({
      App: { Resources: { Role: { Type: 'AWS::IAM::Role' }, Alarm: { Type: 'AWS::CloudWatch::Alarm' }, Key: { Type: 'AWS::KMS::Key' }, Logs: { Type: 'AWS::Logs::LogGroup' } } },
    });
    expect(r.resources.map((x) => x.support)).toEqual(['no-op', 'no-op', 'no-op', 'no-op']);
  });

  it('names the attribute and resource when Fn::GetAtt asks for one it does not know', () => {
    expect(() => resolved({ App: { Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { X: { 'Fn::GetAtt': ['Q', 'Nope'] } } } } } })).toThrow(
      IntrinsicResolutionError,
    );
  });

  it('refuses a Ref to an SSM-typed parameter, which has no local value', () => {
    expect(() =>
      resolved({ App: { Parameters: { V: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/x' } }, Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Ref: 'V' }] } } } } }),
    ).toThrow(/parameter V .* has no value locally/);
  });

  it('finds a function asset by its Code.S3Key in the asset manifest', () => {
    const r = resolved({
      App: {
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'b', S3Key: 'abc123.zip' }, Handler: 'index.handler', Runtime: 'nodejs22.x' } },
        },
      },
    });
    const code = functionCodeOf(byId(r, 'Fn'));
    expect(code.modulePath).toMatch(/asset\.abc123\/index\.mjs$/);
    expect(code.exportName).toBe('handler');
  });

  it('reports a function whose asset is not in the assembly', () => {
    const r = resolved({ App: { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'b', S3Key: 'missing.zip' } } } } } });
    expect(() => functionCodeOf(byId(r, 'Fn'))).toThrow(MissingAssetError);
  });

  it('explains a directory without manifest.json', () => {
    expect(() => loadCloudAssembly(mkdtempSync(join(tmpdir(), 'e1-empty-')))).toThrow(AssemblyLoadError);
    expect(() => loadCloudAssembly(mkdtempSync(join(tmpdir(), 'e1-empty-')))).toThrow(/Run `npm run synth`/);
  });
});
