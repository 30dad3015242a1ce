import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/model/analyze';
import { resnet50 } from '../../src/model/builders';
import { buildTree, initialState, openRows, reduce, visibleRows } from '../../src/widgets/architecture-explorer/tree';

const tree = buildTree(analyze(resnet50()));
const visible = (expanded: ReadonlySet<string>) => visibleRows(tree, expanded).map((r) => r.id);

describe("the explorer's open rows in a link", () => {
  test('name only the deepest open rows: opening layer3.1 opens layer3 too', () => {
    const state = initialState(tree, ['layer3.1', 'layer1']);
    expect(openRows(tree, state.expanded)).toEqual(['layer1', 'layer3.1']);
  });

  test('restore exactly the rows the reader sees, after any clicks', () => {
    let state = initialState(tree, ['layer2.0', 'layer4']);
    state = reduce(tree, state, { type: 'toggle', id: 'layer2' }); // layer2 closes; layer2.0 stays open but hidden
    state = reduce(tree, state, { type: 'toggle', id: 'layer1' });
    const link = openRows(tree, state.expanded);
    expect(link).toEqual(['layer1', 'layer4']);
    expect(visible(initialState(tree, link).expanded)).toEqual(visible(state.expanded));
  });

  test('everything closed is an empty list', () => {
    expect(openRows(tree, initialState(tree).expanded)).toEqual([]);
  });
});
