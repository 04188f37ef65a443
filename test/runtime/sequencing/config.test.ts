import { SequencingConfigError, readSequencingSettings } from '../../../runtime/sequencing/index';

describe('readSequencingSettings', () => {
  test('defaults: not ordered, 300 s gap timeout, wait, 30 s new-entity grace', () => {
    expect(readSequencingSettings({})).toEqual({ ordered: false, gapTimeoutSeconds: 300, onGap: 'wait', newEntityGraceSeconds: 30 });
  });

  test('reads ORDERED, GAP_TIMEOUT_SECONDS and ON_GAP; the grace never exceeds the gap timeout', () => {
    expect(readSequencingSettings({ ORDERED: 'true', GAP_TIMEOUT_SECONDS: '20', ON_GAP: 'skip' })).toEqual({
      ordered: true,
      gapTimeoutSeconds: 20,
      onGap: 'skip',
      newEntityGraceSeconds: 20,
    });
  });

  test.each([
    [{ ORDERED: 'yes' }, /ORDERED must be "true" or "false"/],
    [{ GAP_TIMEOUT_SECONDS: '5m' }, /GAP_TIMEOUT_SECONDS must be a positive whole number/],
    [{ GAP_TIMEOUT_SECONDS: '0' }, /GAP_TIMEOUT_SECONDS/],
    [{ ON_GAP: 'drop' }, /ON_GAP must be "wait" or "skip"/],
  ])('refuses %p naming the variable', (env, message) => {
    expect(() => readSequencingSettings(env)).toThrow(SequencingConfigError);
    expect(() => readSequencingSettings(env)).toThrow(message);
  });
});
