import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/model/analyze';
import { resnet50 } from '../../src/model/builders';
import { buildArch } from '../../src/widgets/architecture-explorer/arch';
import {
  buildTree,
  displayName,
  initialState,
  layerRecords,
  reduce,
  rowSummary,
  toCsv,
  visibleRows,
  type RowTree,
  type TreeState,
} from '../../src/widgets/architecture-explorer/tree';
import { formatCount, formatExact, formatShape, formatShare } from '../../src/lib/format';
import { shareBarLayout } from '../../src/widgets/plots/share-bar';

const report = analyze(resnet50());
const tree = buildTree(report);
const ids = (state: TreeState, t: RowTree = tree) => visibleRows(t, state.expanded).map((r) => r.id);
const press = (state: TreeState, ...keys: string[]) => keys.reduce((s, key) => reduce(tree, s, { type: 'key', key }), state);

describe('the row tree', () => {
  test('ResNet-50 has a stem, 4 stages of 3, 4, 6, 3 blocks, and a head', () => {
    const top = tree.rows.filter((r) => r.level === 1);
    expect(top.map((r) => r.id)).toEqual(['stem', 'layer1', 'layer2', 'layer3', 'layer4', 'head']);
    expect(top.filter((r) => r.kind === 'stage').map((r) => r.children.length)).toEqual([3, 4, 6, 3]);
  });

  test('stages carry the paper and pyramid names', () => {
    const l2 = tree.byId.get('layer2')!;
    expect([l2.label, l2.alias]).toEqual(['conv3_x', 'layer2 · C3']);
    expect(l2.description).toBe('4 bottleneck blocks: 1×1, 128 → 3×3, 128 → 1×1, 512');
  });

  test('output shapes of the stages are 56×56×256, 28×28×512, 14×14×1024, 7×7×2048', () => {
    expect(['layer1', 'layer2', 'layer3', 'layer4'].map((id) => formatShape(tree.byId.get(id)!.outputShape))).toEqual([
      '56×56×256',
      '28×28×512',
      '14×14×1024',
      '7×7×2048',
    ]);
  });

  test('a downsampling block lists its projection shortcut layers, marked as shortcut', () => {
    const block = tree.byId.get('layer2.0')!;
    expect(block.description).toBe('bottleneck, projection shortcut, stride 2');
    const layers = block.children.map((id) => tree.byId.get(id)!);
    expect(layers.filter((l) => l.shortcut).map((l) => l.label)).toEqual(['downsample.0', 'downsample.1']);
    expect(layers.find((l) => l.label === 'conv1')!.shortcut).toBe(false);
    expect(tree.byId.get('layer2.1')!.description).toBe('bottleneck, identity shortcut');
  });

  test('rows add up: the stages’ parameters and multiply-adds sum to their blocks’', () => {
    for (const stage of tree.rows.filter((r) => r.kind === 'stage')) {
      const blocks = stage.children.map((id) => tree.byId.get(id)!);
      expect(blocks.reduce((a, b) => a + b.params, 0)).toBe(stage.params);
      expect(blocks.reduce((a, b) => a + b.macs, 0)).toBe(stage.macs);
    }
    const top = tree.rows.filter((r) => r.level === 1);
    expect(top.reduce((a, r) => a + r.params, 0)).toBe(25_557_032);
    expect(tree.total).toEqual({ params: 25_557_032, macs: report.macs });
  });

  test('conv4_x holds the most compute and conv5_x the most parameters', () => {
    const top = tree.rows.filter((r) => r.level === 1);
    const most = (key: 'params' | 'macs') => top.reduce((a, b) => (b[key] > a[key] ? b : a)).label;
    expect(most('macs')).toBe('conv4_x');
    expect(most('params')).toBe('conv5_x');
  });

  test('row ids are unique and posinset/setsize describe the siblings', () => {
    expect(new Set(tree.rows.map((r) => r.id)).size).toBe(tree.rows.length);
    const b = tree.byId.get('layer3.5')!;
    expect([b.level, b.posInSet, b.setSize]).toEqual([2, 6, 6]);
  });

  test('ResNeXt, the deep stem and the CIFAR nets build trees too', () => {
    const x = buildTree(analyze(buildArch({ arch: 'resnext50_32x4d', options: { stem: 'deep', strideOn: '1x1' } })));
    expect(x.byId.get('layer1')!.description).toBe('3 bottleneck blocks: 1×1, 128 → 3×3, 128, 32 groups → 1×1, 256');
    expect(x.byId.get('stem')!.children).toContain('conv1.2');
    const c = buildTree(analyze(buildArch({ arch: 'cifarResNet', options: { depth: 20 } })));
    expect(c.rows.filter((r) => r.kind === 'stage').map((r) => [r.label, r.alias])).toEqual([
      ['stage 1', 'layer1'],
      ['stage 2', 'layer2'],
      ['stage 3', 'layer3'],
    ]);
    expect(c.byId.get('layer2.0')!.description).toBe('basic, zero-padding shortcut, stride 2');
  });

  test('pre-activation nets build trees: the shared BN → ReLU is named on the block and listed first, the head normalises', () => {
    const p = buildTree(analyze(buildArch({ arch: 'cifarResNet', options: { depth: 164, block: 'bottleneck', shortcut: 'B', preActivation: true } })));
    expect(displayName(p.name)).toBe('Pre-act ResNet-164');
    expect(p.byId.get('stem')!.children).toEqual(['conv1']);
    expect(p.byId.get('layer2.0')!.description).toBe('bottleneck, projection shortcut, stride 2, BN → ReLU before the split');
    expect(p.byId.get('layer2.1')!.description).toBe('bottleneck, identity shortcut');
    const first = p.byId.get('layer2.0')!.children.map((id) => p.byId.get(id)!);
    expect(first.map((r) => r.label)).toEqual(['bn1', 'relu1', 'conv1', 'bn2', 'relu2', 'conv2', 'bn3', 'relu3', 'conv3', 'downsample.0']);
    expect(first.filter((r) => r.shortcut).map((r) => r.label)).toEqual(['downsample.0']);
    expect(p.byId.get('head')!.children).toEqual(['post_bn', 'post_relu', 'avgpool', 'fc']);
    expect(p.total.params).toBe(1_703_258);
  });

  test('an unknown arch or a CIFAR net without depth fails with the value quoted', () => {
    // @ts-expect-error: MDX props are not type-checked, so the runtime check is what protects lessons
    expect(() => buildArch({ arch: 'resnet51' })).toThrow(/"resnet51"/);
    // @ts-expect-error: as above
    expect(() => buildArch({ arch: 'cifarResNet' })).toThrow(/depth/);
  });

  test('display names read like the papers', () => {
    expect(['resnet50', 'resnext50_32x4d', 'resnet20', 'plain56', 'preresnet110', 'preresnext50_32x4d', 'mynet'].map(displayName)).toEqual([
      'ResNet-50',
      'ResNeXt-50 (32×4d)',
      'ResNet-20',
      'Plain-56',
      'Pre-act ResNet-110',
      'Pre-act ResNeXt-50 (32×4d)',
      'mynet',
    ]);
  });
});

describe('expanding, collapsing and the keyboard', () => {
  const start = initialState(tree);

  test('at first only the stem, the four stages and the head show, with focus on the stem', () => {
    expect(ids(start)).toEqual(['stem', 'layer1', 'layer2', 'layer3', 'layer4', 'head']);
    expect(start.focus).toBe('stem');
  });

  test('expanding layer3 shows its 6 blocks, right after it', () => {
    const s = reduce(tree, start, { type: 'toggle', id: 'layer3' });
    const v = ids(s);
    expect(v.slice(v.indexOf('layer3') + 1, v.indexOf('layer4'))).toEqual(['layer3.0', 'layer3.1', 'layer3.2', 'layer3.3', 'layer3.4', 'layer3.5']);
    expect(s.focus).toBe('layer3');
  });

  test('opening a block shows its 11 layers, projection included', () => {
    const s = initialState(tree, ['layer2.0']);
    expect(s.expanded).toEqual(new Set(['layer2', 'layer2.0']));
    expect(ids(s).filter((id) => id.startsWith('layer2.0.'))).toHaveLength(11);
  });

  test('Down, Down, Right opens conv3_x; Right again steps into its first block', () => {
    const s = press(start, 'ArrowDown', 'ArrowDown', 'ArrowRight');
    expect([s.focus, s.expanded.has('layer2')]).toEqual(['layer2', true]);
    expect(press(s, 'ArrowRight').focus).toBe('layer2.0');
  });

  test('Left on a child goes to its parent, Left again closes it', () => {
    const s = press(initialState(tree, ['layer2']), 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown');
    expect(s.focus).toBe('layer2.1');
    const up = press(s, 'ArrowLeft');
    expect([up.focus, up.expanded.has('layer2')]).toEqual(['layer2', true]);
    expect(press(up, 'ArrowLeft').expanded.has('layer2')).toBe(false);
  });

  test('Enter and Space toggle; a leaf ignores them and Right', () => {
    const open = press(start, 'Enter');
    expect(open.expanded.has('stem')).toBe(true);
    expect(press(open, ' ').expanded.has('stem')).toBe(false);
    const leaf = press(open, 'ArrowDown');
    expect(leaf.focus).toBe('conv1');
    expect(press(leaf, 'Enter')).toBe(leaf);
    expect(press(leaf, 'ArrowRight')).toBe(leaf);
  });

  test('Home and End go to the first and last visible rows; Up at the top stays put', () => {
    const end = press(start, 'End');
    expect(end.focus).toBe('head');
    expect(press(end, 'Home').focus).toBe('stem');
    expect(press(start, 'ArrowUp')).toBe(start);
  });

  test('closing a row hands focus up from a hidden descendant', () => {
    const s = reduce(tree, initialState(tree, ['layer4.1']), { type: 'focus', id: 'layer4.1.conv2' });
    const closed = reduce(tree, s, { type: 'toggle', id: 'layer4' });
    expect(closed.focus).toBe('layer4');
    expect(ids(closed)).not.toContain('layer4.1');
  });

  test('* opens every sibling stage', () => {
    const s = press(start, 'ArrowDown', '*');
    expect([...s.expanded].sort()).toEqual(['head', 'layer1', 'layer2', 'layer3', 'layer4', 'stem']);
  });

  test('expand all shows every row; collapse all returns focus to the top level', () => {
    const all = reduce(tree, start, { type: 'expandAll' });
    expect(ids(all)).toHaveLength(tree.rows.length);
    const deep = reduce(tree, all, { type: 'focus', id: 'layer3.2.bn2' });
    const none = reduce(tree, deep, { type: 'collapseAll' });
    expect([none.focus, none.expanded.size]).toEqual(['layer3', 0]);
    expect(reduce(tree, none, { type: 'collapseAll' })).toBe(none);
  });

  test('unknown rows in `expanded` fail with the id quoted', () => {
    expect(() => initialState(tree, ['layer5'])).toThrow(/"layer5"/);
  });
});

describe('numbers', () => {
  test('counts get three significant figures and an SI suffix', () => {
    expect([0, 128, 999, 9_408, 215_808, 1_440_000, 25_557_032, 950_000_000, 4_089_184_256].map(formatCount)).toEqual([
      '0',
      '128',
      '999',
      '9.41K',
      '216K',
      '1.44M',
      '25.6M',
      '0.95G',
      '4.09G',
    ]);
  });

  test('rounding never prints four digits', () => {
    expect(formatCount(9_996_000)).toBe('10.0M');
    expect(formatCount(99_960_000)).toBe('100M');
    expect(formatCount(949_999)).toBe('950K');
  });

  test('exact counts, shapes and shares', () => {
    expect(formatExact(25_557_032)).toBe('25,557,032');
    expect(formatShape([56, 56, 256])).toBe('56×56×256');
    expect(formatShape([1000])).toBe('1000');
    expect(formatShare(7_098_368, 25_557_032)).toBe('27.8%');
    expect(formatShare(128, 25_557_032)).toBe('<0.1%');
    expect(formatShare(0, 25_557_032)).toBe('0%');
  });

  test('a row’s summary starts with what the row shows, then gives the exact figures', () => {
    expect(rowSummary(tree.byId.get('layer3')!, tree.total)).toBe(
      'conv4_x, layer3 · C4, 6 bottleneck blocks: 1×1, 256 → 3×3, 256 → 1×1, 1024, 14×14×1024, 7.10M, 1.46G. ' +
        'Exactly: output 14×14×1024, 7,098,368 parameters (27.8%), 1,464,336,384 multiply-adds (35.8%).',
    );
  });
});

describe('the table alternative and the CSV', () => {
  test('ResNet-50 has 158 layers: 4 in the stem, 9 per block, 2 per projection, 2 in the head', () => {
    expect(layerRecords(report)).toHaveLength(4 + 16 * 9 + 4 * 2 + 2);
  });

  test('CSV has one line per layer plus a header', () => {
    const lines = toCsv(report).trimEnd().split('\r\n');
    expect(lines).toHaveLength(159);
    expect(lines[0]).toBe('stage,paper_stage,block,layer,kind,description,shortcut,out_h,out_w,out_c,params,buffers,macs');
    expect(lines[1]).toBe('stem,stem,,conv1,conv2d,"7×7 conv, 64, stride 2",no,112,112,64,9408,0,118013952');
    expect(lines.find((l) => l.includes(',layer2.0.downsample.0,'))).toBe(
      'layer2,conv3_x,layer2.0,layer2.0.downsample.0,conv2d,"1×1 conv, 512, stride 2",yes,28,28,512,131072,0,102760448',
    );
    expect(lines.at(-1)).toBe('head,head,,fc,dense,"fully connected, 1000",no,,,1000,2049000,0,2048000');
  });

  test('the CSV’s columns add up to the network’s totals', () => {
    const rows = toCsv(report).trimEnd().split('\r\n').slice(1);
    const sum = (col: number) => rows.reduce((a, l) => a + Number(l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[col]), 0);
    expect([sum(10), sum(12)]).toEqual([report.params, report.macs]);
  });
});

describe('the share bar', () => {
  test('fills its share of the width, at least a sliver when non-zero, never more than the track', () => {
    const round = (l: ReturnType<typeof shareBarLayout>) => Math.round(l.fill.width * 100) / 100;
    expect(round(shareBarLayout(0.2777))).toBe(27.77);
    expect(round(shareBarLayout(0.0001))).toBe(2);
    expect(round(shareBarLayout(0))).toBe(0);
    expect(round(shareBarLayout(1.2))).toBe(100);
    expect(shareBarLayout(0.5, { width: 80, height: 6 })).toEqual({
      width: 80,
      height: 6,
      track: { x: 0, y: 0, width: 80, height: 6 },
      fill: { x: 0, y: 0, width: 40, height: 6 },
    });
  });

  test('a negative or missing share is an error', () => {
    expect(() => shareBarLayout(-0.1)).toThrow(/-0.1/);
    expect(() => shareBarLayout(Number.NaN)).toThrow(/share/);
  });
});
