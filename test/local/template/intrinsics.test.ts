import { IntrinsicResolutionError, NO_VALUE, resolveIntrinsics, type IntrinsicContext } from '../../../local/template';

/** A context with two resources and a condition, the way a stack resolver answers. */
const ctx: IntrinsicContext = {
  where: 'Test/Res.Properties',
  ref: (name) => ({ 'AWS::Region': 'us-east-1', 'AWS::AccountId': '000000000000', Queue: 'http://sqs/000000000000/q', Table: 'my-table' })[name] ?? fail(name),
  getAtt: (id, attr) => (id === 'Queue' && attr === 'Arn' ? 'arn:aws:sqs:us-east-1:000000000000:q' : fail(`${id}.${attr}`)),
  importValue: (name) => (name === 'shared-bus' ? 'event-router' : fail(name)),
  condition: (name) => name === 'IsLocal',
};

function fail(what: string): never {
  throw new IntrinsicResolutionError('Test', `unknown ${what}`);
}

const resolve = (value: unknown) => resolveIntrinsics(value, ctx);

describe('resolveIntrinsics', () => {
  it('resolves Ref to the physical id and pseudo parameters to the local account', () => {
    expect(resolve({ a: { Ref: 'Table' }, r: { Ref: 'AWS::Region' } })).toEqual({ a: 'my-table', r: 'us-east-1' });
  });

  it('resolves Fn::GetAtt in list and dotted string form', () => {
    expect(resolve([{ 'Fn::GetAtt': ['Queue', 'Arn'] }, { 'Fn::GetAtt': 'Queue.Arn' }])).toEqual([
      'arn:aws:sqs:us-east-1:000000000000:q',
      'arn:aws:sqs:us-east-1:000000000000:q',
    ]);
  });

  it('joins resolved parts with Fn::Join', () => {
    expect(resolve({ 'Fn::Join': ['', ['arn:aws:dynamodb:', { Ref: 'AWS::Region' }, ':table/', { Ref: 'Table' }]] })).toBe(
      'arn:aws:dynamodb:us-east-1:table/my-table',
    );
  });

  it('substitutes refs, attributes and literals in the string form of Fn::Sub', () => {
    expect(resolve({ 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region} ${Queue.Arn} ${!Literal}' })).toBe(
      'cdk-000000000000-us-east-1 arn:aws:sqs:us-east-1:000000000000:q ${Literal}',
    );
  });

  it('substitutes its own variables first in the list form of Fn::Sub', () => {
    expect(resolve({ 'Fn::Sub': ['${Name}/${Table}', { Name: { Ref: 'Queue' } }] })).toBe('http://sqs/000000000000/q/my-table');
  });

  it('splits and selects with Fn::Split and Fn::Select', () => {
    expect(resolve({ 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Queue', 'Arn'] }] }] })).toBe('q');
  });

  it('refuses a Fn::Select index outside the list, naming where', () => {
    expect(() => resolve({ 'Fn::Select': [3, ['a']] })).toThrow(/Test\/Res\.Properties\.Fn::Select: Fn::Select index 3 is outside the list of 1/);
  });

  it('imports values another stack exports', () => {
    expect(resolve({ 'Fn::ImportValue': 'shared-bus' })).toBe('event-router');
  });

  it('picks the Fn::If branch by condition and drops AWS::NoValue', () => {
    expect(
      resolve({
        local: { 'Fn::If': ['IsLocal', 'yes', 'no'] },
        remote: { 'Fn::If': ['IsRemote', 'yes', { Ref: 'AWS::NoValue' }] },
        list: ['a', { Ref: 'AWS::NoValue' }],
      }),
    ).toEqual({ local: 'yes', list: ['a'] });
  });

  it('evaluates Fn::Equals, Fn::Not, Fn::And and Fn::Or', () => {
    expect(
      resolve([
        { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        { 'Fn::Not': [{ Condition: 'IsLocal' }] },
        { 'Fn::And': [{ Condition: 'IsLocal' }, { 'Fn::Equals': ['a', 'a'] }] },
        { 'Fn::Or': [{ Condition: 'IsRemote' }, { Condition: 'IsLocal' }] },
      ]),
    ).toEqual([true, false, true, true]);
  });

  it('names an unsupported intrinsic function and where it is', () => {
    expect(() => resolve({ x: { 'Fn::Transform': {} } })).toThrow(/Test\/Res\.Properties\.x\.Fn::Transform: intrinsic function Fn::Transform is not supported/);
  });

  it('leaves plain objects with Fn-like keys among others untouched', () => {
    expect(resolve({ a: 1, 'Fn::Join': 'not an intrinsic here' })).toEqual({ a: 1, 'Fn::Join': 'not an intrinsic here' });
  });

  it('leaves an IAM policy Condition object alone', () => {
    expect(resolve({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })).toEqual({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('exports a NoValue marker that never leaks into results', () => {
    expect(resolve({ Ref: 'AWS::NoValue' })).toBeUndefined();
    expect(typeof NO_VALUE).toBe('symbol');
  });
});
