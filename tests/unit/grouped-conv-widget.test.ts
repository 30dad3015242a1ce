import { describe, expect, test } from 'vitest';
import { channelY, costRows, describeGroups, links, summary, toCsv } from '../../src/widgets/grouped-conv/grouped-conv';

const setup = { channels: 16, kernel: 3, size: 14 };

describe('the grouped-conv widget’s numbers', () => {
  test('one row per divisor of 16, from dense to depthwise, each costing 1/g of dense', () => {
    const rows = costRows(setup);
    expect(rows.map((r) => r.groups)).toEqual([1, 2, 4, 8, 16]);
    expect(rows[0]).toMatchObject({ params: 9 * 16 * 16, macs: 9 * 16 * 16 * 14 * 14, fraction: 1, depthwise: false });
    expect(rows.at(-1)).toMatchObject({ channelsPerGroup: 1, params: 9 * 16, depthwise: true });
    for (const r of rows) expect(r.params * r.groups).toBe(rows[0]!.params);
  });

  test('the picture wires C²/g links, each inside its group', () => {
    for (const g of [1, 4, 16]) {
      const ls = links(16, g);
      expect(ls).toHaveLength((16 * 16) / g);
      const per = 16 / g;
      for (const l of ls) {
        expect(Math.floor(l.from / per)).toBe(l.group);
        expect(Math.floor(l.to / per)).toBe(l.group);
      }
    }
  });

  test('channels are spread evenly between top and bottom', () => {
    expect(channelY(0, 5, 10, 50)).toBe(10);
    expect(channelY(4, 5, 10, 50)).toBe(50);
    expect(channelY(0, 1, 10, 50)).toBe(30);
  });

  test('sentences name groups, channels per group and depthwise', () => {
    expect(describeGroups(16, 1)).toMatch(/^1 group of 16 channels/);
    expect(describeGroups(16, 4)).toBe('4 groups of 4 channels');
    expect(describeGroups(16, 16)).toBe('16 groups of 1 channel (depthwise)');
    expect(summary(setup, costRows(setup)[2]!)).toBe('4 groups of 4 channels: 576 weights and 112,896 multiply-adds, 1/4 of the dense convolution\u2019s.');
  });

  test('the CSV has a header and one line per group count', () => {
    const lines = toCsv(setup, costRows(setup)).trim().split('\r\n');
    expect(lines[0]).toBe('groups,channels_per_group,params,macs_14x14,fraction_of_dense,depthwise');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('16,1,144,28224,0.0625,yes');
  });
});
