import { missingSequences } from '../../../runtime/sequencing/index';

describe('missingSequences', () => {
  test('lists the sequences between the cursor and the first held one, capped at 100 with the range', () => {
    expect(missingSequences(3, 6)).toEqual({ from: 4, to: 5, count: 2, sequences: [4, 5] });
    const long = missingSequences(0, 1002);
    expect(long).toMatchObject({ from: 1, to: 1001, count: 1001 });
    expect(long.sequences).toHaveLength(100);
  });
});
