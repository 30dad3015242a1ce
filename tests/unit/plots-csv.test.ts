import { csvParseRows } from 'd3';
import { describe, expect, test } from 'vitest';
import { csvText } from '../../src/widgets/plots/csv';

describe('the one CSV writer (RFC 4180 quoting through d3-dsv)', () => {
  test('plain fields are written as they are, one CRLF-ended line per row (RFC 4180), the last one too', () => {
    expect(csvText(['step', 'error'], [[1, 0.5], [2, 0.25]])).toBe('step,error\r\n1,0.5\r\n2,0.25\r\n');
  });

  test('a field with a comma, a double quote or a line break is quoted, its quotes doubled', () => {
    const text = csvText(['description'], [['7×7 conv, 64, stride 2'], ['the "residual" stack'], ['two\nlines'], ['cr\rlf']]);
    expect(text).toBe('description\r\n"7×7 conv, 64, stride 2"\r\n"the ""residual"" stack"\r\n"two\nlines"\r\n"cr\rlf"\r\n');
  });

  test('missing values are empty fields; numbers keep full precision; booleans print as words', () => {
    expect(csvText(['a', 'b', 'c', 'd'], [[undefined, null, 0.1 + 0.2, true]])).toBe('a,b,c,d\r\n,,0.30000000000000004,true\r\n');
  });

  test('what it writes reads back as the same cells', () => {
    const rows = [['x, y', 'say "hi"', 'line\nbreak', ''], ['1', '-2.5e-7', ' padded ', 'ünïcödé']];
    expect(csvParseRows(csvText(['a', 'b', 'c', 'd'], rows))).toEqual([['a', 'b', 'c', 'd'], ...rows]);
  });

  test('a header with no rows is one line', () => {
    expect(csvText(['only', 'header'], [])).toBe('only,header\r\n');
  });
});
