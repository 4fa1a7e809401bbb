import { sparklineSegments } from './Sparkline';

describe('sparklineSegments', () => {
  it('breaks the line at days without a value, higher values higher up', () => {
    expect(sparklineSegments([10, 20, null, 15, null, null, 20])).toEqual([
      [
        [2, 22],
        [14.7, 2],
      ],
      [[40, 12]],
      [[78, 2]],
    ]);
  });

  it('draws a flat line through the middle when every value is the same, and nothing without values', () => {
    expect(sparklineSegments([5, 5])).toEqual([
      [
        [2, 12],
        [78, 12],
      ],
    ]);
    expect(sparklineSegments([null, null])).toEqual([]);
  });
});
