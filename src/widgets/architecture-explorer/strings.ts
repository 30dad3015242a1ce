/**
 * Every word the architecture explorer shows (the shell, the table alternative, and the rows tree.ts builds), in
 * English and Simplified Chinese (docs/i18n.md). Layer descriptions come from the model library in English
 * ("3×3 conv, 128, 32 groups, stride 2"); `layer` words them in the page's language.
 */
import { defineMessages } from '../../i18n/messages';

/** "7×7 conv, 64, stride 2" → "7×7 卷积，64 通道，步幅 2"; also the brief form of the stage rows ("3×3, 128, 32 groups"). */
function layerZh(description: string): string {
  return description
    .replace(/^(\d+×\d+) conv, (\d+)/, '$1 卷积，$2 通道')
    .replace(/^(\d+×\d+) max pool/, '$1 最大池化')
    .replace(/, (\d+) groups/g, '，$1 组')
    .replace(/, stride (\d+)/g, '，步幅 $1')
    .replace(/^batch norm$/, '批归一化')
    .replace(/^global average pool$/, '全局平均池化')
    .replace(/^fully connected, (\d+)/, '全连接层，$1 个输出');
}

const SHORTCUTS_EN = { identity: 'identity shortcut', projection: 'projection shortcut', zeropad: 'zero-padding shortcut', none: 'no shortcut' };
const SHORTCUTS_ZH = { identity: '恒等捷径', projection: '投影捷径', zeropad: '补零捷径', none: '无捷径' };
const BLOCK_TYPES_ZH: Record<string, string> = { basic: '基本残差块', bottleneck: '瓶颈块' };
type ShortcutKind = keyof typeof SHORTCUTS_EN;

export const strings = defineMessages(
  {
    // The shell (ArchitectureExplorer.astro); the hint's two keys sit between its three pieces.
    hintBefore: 'Bars: each row’s share of all ',
    hintParams: 'parameters',
    hintBetween: ' and all ',
    hintMacs: 'multiply-adds',
    hintAfter: '. Click a row, or use the arrow keys, to open it.',
    expandAll: 'Expand all',
    collapseAll: 'Collapse all',
    downloadCsv: 'Download CSV',
    outputInline: ' · output',
    colOutput: 'Output',
    colParams: 'Params',
    colMacs: 'Mult-adds',
    treeLabel: (name: string) => `${name}: stem, stages, blocks and layers`,
    noscript: 'The interactive view needs JavaScript; “Show as a table” below lists every layer.',
    total: 'Total',
    depthShort: (depth: number, convs: number, dense: number) => `${depth} layers deep (${convs} conv + ${dense} fc)`,
    depthNote: (depth: number, convs: number, dense: number, shortcutConvs: number) =>
      `${depth} layers deep: ${convs} convolutions + ${dense} fully connected on the main path` +
      (shortcutConvs ? `; the ${shortcutConvs} projection convs on shortcuts are not counted` : ''),
    srOutput: 'output ',
    paramsExact: (exact: string) => `${exact} parameters`,
    srParams: (exact: string) => ` parameters (${exact})`,
    macsExact: (exact: string) => `${exact} multiply-adds`,
    srMacs: (exact: string) => ` multiply-adds (${exact})`,
    // The table alternative (parts/LayerTable.astro).
    showTable: 'Show as a table',
    tableCaption: (name: string, layers: number, shape: string) => `${name}, layer by layer: ${layers} layers; shapes and multiply-adds for one ${shape} image`,
    colStage: 'Stage',
    colBlock: 'Block',
    colLayer: 'Layer',
    colWhat: 'What it does',
    tableStem: 'stem',
    tableHead: 'head',
    totalNote: (note: string) => `Total: ${note}`,
    // The rows (tree.ts) and the element.
    stem: 'Stem',
    head: 'Head',
    /** A stage's paper name: 'conv3_x' (ImageNet nets) or 'stage 2' (CIFAR nets). */
    stageName: (name: string) => name,
    shortcutBadge: 'shortcut',
    layer: (description: string) => description,
    stageDescription: (blocks: number, type: string, recipe: string) => `${blocks} ${type} block${blocks === 1 ? '' : 's'}${recipe ? `: ${recipe}` : ''}`,
    blockDescription: (type: string, shortcut: ShortcutKind, stride: number, shared: string) =>
      `${type}, ${SHORTCUTS_EN[shortcut]}${stride > 1 ? `, stride ${stride}` : ''}${shared ? `, ${shared}` : ''}`,
    sharedBefore: (layers: string) => `${layers} before the split`,
    listSeparator: ', ',
    rowSummary: (visible: string, shape: string, params: string, paramsShare: string, macs: string, macsShare: string) =>
      `${visible}. Exactly: output ${shape}, ${params} parameters (${paramsShare}), ${macs} multiply-adds (${macsShare}).`,
    paramsTitle: (exact: string, share: string) => `${exact} parameters, ${share} of the network`,
    macsTitle: (exact: string, share: string) => `${exact} multiply-adds, ${share} of the network`,
  },
  {
    hintBefore: '条形：每一行在全部',
    hintParams: '参数',
    hintBetween: '和全部',
    hintMacs: '乘加运算',
    hintAfter: '中所占的比例。点击一行或使用方向键展开它。',
    expandAll: '全部展开',
    collapseAll: '全部收起',
    downloadCsv: '下载 CSV',
    outputInline: ' · 输出',
    colOutput: '输出',
    colParams: '参数',
    colMacs: '乘加运算',
    treeLabel: (name: string) => `${name}：起始层、各阶段、块和层`,
    noscript: '交互视图需要 JavaScript；下面的“以表格显示”列出了每一层。',
    total: '合计',
    depthShort: (depth: number, convs: number, dense: number) => `深 ${depth} 层（${convs} 个卷积层 + ${dense} 个全连接层）`,
    depthNote: (depth: number, convs: number, dense: number, shortcutConvs: number) =>
      `深 ${depth} 层：主路径上有 ${convs} 个卷积层 + ${dense} 个全连接层` + (shortcutConvs ? `；捷径上的 ${shortcutConvs} 个投影卷积不计在内` : ''),
    srOutput: '输出 ',
    paramsExact: (exact: string) => `${exact} 个参数`,
    srParams: (exact: string) => ` 个参数（${exact}）`,
    macsExact: (exact: string) => `${exact} 次乘加运算`,
    srMacs: (exact: string) => ` 次乘加运算（${exact}）`,
    showTable: '以表格显示',
    tableCaption: (name: string, layers: number, shape: string) => `${name} 逐层列表：共 ${layers} 层；形状和乘加运算按一张 ${shape} 的图像计算`,
    colStage: '阶段',
    colBlock: '块',
    colLayer: '层',
    colWhat: '作用',
    tableStem: '起始层',
    tableHead: '分类头',
    totalNote: (note: string) => `合计：${note}`,
    stem: '起始层',
    head: '分类头',
    stageName: (name: string) => name.replace(/^stage (\d+)$/, '阶段 $1'),
    shortcutBadge: '捷径',
    layer: layerZh,
    stageDescription: (blocks: number, type: string, recipe: string) => `${blocks} 个${BLOCK_TYPES_ZH[type] ?? '块'}${recipe ? `：${recipe}` : ''}`,
    blockDescription: (type: string, shortcut: ShortcutKind, stride: number, shared: string) =>
      `${BLOCK_TYPES_ZH[type] ?? type}，${SHORTCUTS_ZH[shortcut]}${stride > 1 ? `，步幅 ${stride}` : ''}${shared ? `，${shared}` : ''}`,
    sharedBefore: (layers: string) => `拆分前先做 ${layers}`,
    listSeparator: '，',
    rowSummary: (visible: string, shape: string, params: string, paramsShare: string, macs: string, macsShare: string) =>
      `${visible}。精确值：输出 ${shape}，${params} 个参数（${paramsShare}），${macs} 次乘加运算（${macsShare}）。`,
    paramsTitle: (exact: string, share: string) => `${exact} 个参数，占整个网络的 ${share}`,
    macsTitle: (exact: string, share: string) => `${exact} 次乘加运算，占整个网络的 ${share}`,
  },
);

export type ExplorerWords = (typeof strings)['en'];
