import fc from 'fast-check';
import { FAULT_SPEC_NAMES, FaultSpecError, formatFaultSpec, parseFaultSpec, validateFaultSpec, type FaultSpec } from '../../../local/faults';

const probability = fc.double({ min: 0, max: 1, noNaN: true });
/** Any valid spec: a seed and a random subset of the faults, each with a value in its range. */
const validSpec: fc.Arbitrary<FaultSpec> = fc.record(
  {
    seed: fc.nat(),
    reorder: probability,
    reorderDelayMs: fc.integer({ min: 1, max: 600_000 }),
    duplicate: probability,
    throttle: probability,
    putEventsFail: probability,
    putEventsOutage: fc.double({ min: 0.001, max: 86_400, noNaN: true }),
    putEventsOutageAfter: fc.nat(),
    crash: probability,
    dynamodbThrottle: probability,
    dynamodbOutage: fc.double({ min: 0.001, max: 86_400, noNaN: true }),
    dynamodbOutageAfter: fc.nat(),
  },
  { requiredKeys: ['seed'] },
);

function errorOf(text: string): FaultSpecError {
  try {
    parseFaultSpec(text);
  } catch (error) {
    if (error instanceof FaultSpecError) return error;
    throw error;
  }
  throw new Error(`parseFaultSpec accepted ${JSON.stringify(text)}`);
}

describe('parseFaultSpec', () => {
  test('parses the documented example', () => {
    expect(parseFaultSpec('reorder=0.3,duplicate=0.2,seed=7')).toEqual({ reorder: 0.3, duplicate: 0.2, seed: 7 });
  });

  test('every valid spec survives formatting and parsing unchanged, in any order and spacing', () => {
    fc.assert(
      fc.property(validSpec, fc.boolean(), (spec, spaced) => {
        const items = formatFaultSpec(spec).split(',').reverse();
        expect(parseFaultSpec(items.join(spaced ? ' , ' : ','))).toEqual(spec);
      }),
    );
  });

  test('a probability outside [0, 1] is refused naming the fault and the range', () => {
    const outside = fc.oneof(fc.double({ min: 1.000001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -0.000001, noNaN: true }));
    fc.assert(
      fc.property(fc.constantFrom('reorder', 'duplicate', 'throttle', 'put-events-fail', 'crash', 'dynamodb-throttle'), outside, (name, value) => {
        const error = errorOf(`${name}=${value},seed=1`);
        expect(error.message).toContain(`${name} must be a fraction between 0 and 1`);
      }),
    );
  });

  test('an unknown name is refused with the list of known ones', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,15}$/).filter((name) => !FAULT_SPEC_NAMES.includes(name)), (name) => {
        const error = errorOf(`${name}=0.1,seed=1`);
        expect(error.message).toContain(`unknown fault "${name}"`);
        expect(error.message).toContain('reorder, reorder-delay-ms, duplicate');
      }),
    );
  });

  test('whatever the text, the parser returns a valid spec or throws FaultSpecError, never anything else', () => {
    const token = fc.oneof(fc.constantFrom(...FAULT_SPEC_NAMES, '=', ',', ' ', '0.5', '1e3', 'x', '-1', '', '0x10'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const text = tokens.join('');
        try {
          expect(validateFaultSpec(parseFaultSpec(text))).toBeDefined();
        } catch (error) {
          expect(error).toBeInstanceOf(FaultSpecError);
          expect((error as Error).message).toMatch(/--faults/);
        }
      }),
    );
  });

  test.each([
    ['', '--faults is empty'],
    ['reorder=0.3', '--faults needs seed=N'],
    ['reorder=0.3,seed=', 'seed has no value; write seed=7'],
    ['reorder,seed=1', 'reorder has no value'],
    ['seed=-1', 'seed must be a whole number'],
    ['seed=1.5', 'seed must be a whole number'],
    ['reorder=0.1,reorder=0.2,seed=1', 'reorder is given twice'],
    ['reorder=0.1,,seed=1', 'has an empty item'],
    ['put-events-outage=0,seed=1', 'put-events-outage must be a number of seconds above 0'],
    ['crash=abc,seed=1', 'crash must be a fraction between 0 and 1; got abc'],
    ['crash=0x1,seed=1', 'crash must be a fraction between 0 and 1; got 0x1'],
  ])('%j is refused: %s', (text, message) => {
    expect(errorOf(text).message).toContain(message);
  });

  test('a programmatic spec is checked the same way', () => {
    expect(() => validateFaultSpec({ seed: 1, reorder: 2 })).toThrow('reorder must be a fraction between 0 and 1');
    expect(() => validateFaultSpec({ seed: 1, reordr: 0.1 } as unknown as FaultSpec)).toThrow('unknown property "reordr"');
    expect(() => validateFaultSpec({ reorder: 0.1 } as FaultSpec)).toThrow('needs seed=N');
  });
});
