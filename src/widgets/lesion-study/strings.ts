/**
 * Every word the lesion study shows, in each language: the shell's (at build time, `strings[localeOfUrl(Astro.url)]`)
 * and the element's and charts' (in the page, `strings.here()`). Numbers are formatted as in English (./series.ts
 * `pct`, `toLocaleString('en')`). The CSV keeps its English column names in every language (a data file).
 */
import { defineMessages } from '../../i18n/messages';

const en = {
  blocksTitle: (depth: number) => `Test error with one block deleted, ${depth} layers`,
  kTitle: (depth: number) => `Test error with k blocks deleted at random, ${depth} layers`,
  blocksHint: (examples: string) =>
    `${examples} Fashion-MNIST test images. Dashed: the intact nets. Grey bands: downsampling blocks (their shortcut kept). ×: a plain block that changes the shape and so cannot be deleted.`,
  kHint:
    'Mean over random draws of k deletable blocks (k = 1: every single block), whiskers from the lowest to the highest error; k = 0 is the intact net. One trained net of each kind (seed 1 of the recipe runs): the whiskers are the spread over draws of blocks, not over training seeds.',
  colBlockIndex: 'Block index',
  colBlock: 'Block',
  colDownsampling: 'Downsampling',
  colPlain: 'Plain',
  colResidual: 'Residual',
  colNet: 'Net',
  colMean: 'Mean',
  colSd: 'S.d.',
  colMin: 'Min',
  colMax: 'Max',
  colDraws: 'Draws',
  yes: 'yes',
  notDeletable: 'not deletable',
  downloadCsv: 'Download CSV',
  showTable: 'Show as a table',
  measureAgain: 'Measure again',
  net: 'Net',
  yourNetworkChecking: 'your network (checking this browser…)',
  start: (first: number | null) => `Delete each block again, here${first ? ` (first ${first})` : ''}`,
  cancel: 'Cancel',
  savedNoneBefore: 'No network of yours is saved in this browser yet: train one in the',
  labLink: 'degradation lab',
  savedNoneAfter: ', which keeps its best model here.',
  idle: 'The charts show the committed records. Press the button to load TensorFlow.js, the net and 2,000 test images and measure again.',

  /** Legend and key names of the two kinds of net. */
  plain: 'Plain',
  residual: 'Residual',
  // A function, not a string: "plain" is also part of every net's id (plain-20), which stays as it is in Chinese.
  keyName: (net: 'plain' | 'residual'): string => (net === 'plain' ? 'plain' : 'residual'),
  intactDashed: 'intact (dashed)',
  blockAxis: 'Deleted block (index in the network)',
  kAxis: 'Blocks deleted at random (k)',
  testError: 'Test error',
  blockChartLabel: (nets: string[]) => `Test error of ${nets.join(' and ')} with one block deleted, against the block’s index`,
  kChartLabel: 'Mean test error against the number of blocks deleted at random, with the range over the draws',

  caption: (res: { id: string; from: string; to: string } | null, plain: { id: string; from: string; to: string; blocked: number; blocks: number } | null) => {
    const parts: string[] = [];
    if (res) parts.push(`Deleting one block of ${res.id} raises the test error from ${res.from} to ${res.to} on average`);
    if (plain) {
      parts.push(`${parts.length ? 'of' : 'Deleting one block of'} ${plain.id}, from ${plain.from} to ${plain.to} on average${plain.blocked ? ` (${plain.blocked} of its ${plain.blocks} blocks cannot be deleted: they change the shape)` : ''}`);
    }
    return parts.length ? `${parts.join('; ')}.` : '';
  },

  workerLabel: 'the lesion study’s worker',
  yourNet: (net: string | null) => (net ? `your ${net}` : 'your network'),
  aboutSaved: (net: string, plain: boolean, data: string) =>
    `Your network is ${net}, ${data}; the test images are the same 2,000.${plain ? ' It is a plain net: it has no shortcuts, so only blocks that keep the shape can be deleted.' : ''} There is no committed record of it to compare with.`,
  loadingData: 'Loading TensorFlow.js and 2,000 Fashion-MNIST test images…',
  backend: (described: string) => `Backend: ${described}`,
  loadingNet: (id: string) => `Loading ${id}…`,
  measuring: (id: string, done: number, total: number) => `Measuring ${id}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} image evaluations…`,
  timeLeft: (seconds: number) => `about ${seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`} left`,
  comparedIntact: (id: string, measured: string, record: string, same: boolean) => `Measured here: ${id} intact ${measured} (record: ${record}${same ? ', the same' : ', DIFFERENT'}); `,
  allSame: (same: number) => `all ${same} single-block errors equal the committed record exactly, as they should: the computation is deterministic.`,
  someDiffer: (same: number, total: number, differ: { name: string; measured: string; committed: string | null }[]) =>
    `${same} of ${total} blocks equal the record; these differ: ${differ.map((d) => `${d.name} ${d.measured} against ${d.committed ?? 'none'}`).join(', ')}. The backend's arithmetic may differ from the one that wrote the record.`,
  measuredYours: (id: string, intact: string, mean: string, blocks: number) =>
    `Measured here: ${id} intact ${intact}; with one block deleted, ${mean} on average over ${blocks} blocks (squares; the dots are the committed reference nets).`,
  done: (blocks: number, id: string) => `Done: ${blocks} blocks of ${id} deleted one at a time (squares on the first chart).`,
  cancelled: (blocks: number) => `Cancelled after ${blocks} blocks.`,
  failed: (message: string) => `Something went wrong: ${message}`,
};

export const strings = defineMessages(en, {
  blocksTitle: (depth: number) => `删除一个块后的测试误差，${depth} 层`,
  kTitle: (depth: number) => `随机删除 k 个块后的测试误差，${depth} 层`,
  blocksHint: (examples: string) =>
    `${examples} 张 Fashion-MNIST 测试图像。虚线：完整的网络。灰色带：下采样块（保留其捷径）。×：一个改变形状、因而无法删除的普通块。`,
  kHint:
    '对随机抽取的 k 个可删除块取平均（k = 1：每一个单块），须线从最低误差延伸到最高误差；k = 0 是完整的网络。每种网络只有一个训练好的实例（训练方案运行中的种子 1）：须线是不同块抽样之间的离散程度，而不是不同训练种子之间的离散程度。',
  colBlockIndex: '块序号',
  colBlock: '块',
  colDownsampling: '下采样',
  colPlain: '普通网络',
  colResidual: '残差网络',
  colNet: '网络',
  colMean: '均值',
  colSd: '标准差',
  colMin: '最小值',
  colMax: '最大值',
  colDraws: '抽样次数',
  yes: '是',
  notDeletable: '不可删除',
  downloadCsv: '下载 CSV',
  showTable: '以表格显示',
  measureAgain: '重新测量',
  net: '网络',
  yourNetworkChecking: '你的网络（正在检查本浏览器……）',
  start: (first: number | null) => `在这里重新逐个删除每个块${first ? `（前 ${first} 个）` : ''}`,
  cancel: '取消',
  savedNoneBefore: '本浏览器中还没有保存你的网络：请在',
  labLink: '退化问题实验台',
  savedNoneAfter: '中训练一个，它会把最好的模型保存在这里。',
  idle: '图中显示的是已提交的记录。按下按钮即可加载 TensorFlow.js、网络和 2,000 张测试图像，重新测量。',

  plain: '普通网络',
  residual: '残差网络',
  keyName: (net: 'plain' | 'residual') => (net === 'plain' ? '普通网络' : '残差网络'),
  intactDashed: '完整网络（虚线）',
  blockAxis: '被删除的块（在网络中的序号）',
  kAxis: '随机删除的块数（k）',
  testError: '测试误差',
  blockChartLabel: (nets: string[]) => `${nets.join(' 和 ')} 删除一个块后的测试误差，横轴为块的序号`,
  kChartLabel: '平均测试误差随随机删除块数的变化，以及各次抽样的范围',

  caption: (res, plain) => {
    const parts: string[] = [];
    if (res) parts.push(`删除 ${res.id} 的一个块，测试误差平均从 ${res.from} 升到 ${res.to}`);
    if (plain) {
      parts.push(`删除 ${plain.id} 的一个块，平均从 ${plain.from} 升到 ${plain.to}${plain.blocked ? `（它的 ${plain.blocks} 个块中有 ${plain.blocked} 个无法删除：它们会改变形状）` : ''}`);
    }
    return parts.length ? `${parts.join('；')}。` : '';
  },

  workerLabel: '损伤实验的 Worker',
  yourNet: (net: string | null) => (net ? `你的 ${net}` : '你的网络'),
  aboutSaved: (net: string, plain: boolean) =>
    `你的网络是 ${net}，由退化问题实验台在本浏览器中用 Fashion-MNIST 子集的训练图像训练（其中 10 % 留作验证集），保留验证误差最低的那一步；测试图像是同样的 2,000 张。${plain ? '它是一个普通网络：没有捷径，所以只能删除保持形状不变的块。' : ''}没有它的已提交记录可供比较。`,
  loadingData: '正在加载 TensorFlow.js 和 2,000 张 Fashion-MNIST 测试图像……',
  backend: (described: string) => `计算后端：${described}`,
  loadingNet: (id: string) => `正在加载 ${id}……`,
  measuring: (id: string, done: number, total: number) => `正在测量 ${id}：已完成 ${done.toLocaleString('en')} / ${total.toLocaleString('en')} 次图像评估……`,
  timeLeft: (seconds: number) => `约剩 ${seconds < 90 ? `${Math.ceil(seconds)} 秒` : `${Math.ceil(seconds / 60)} 分钟`}`,
  comparedIntact: (id: string, measured: string, record: string, same: boolean) => `在这里测得：${id} 完整时为 ${measured}（记录：${record}${same ? '，相同' : '，不同！'}）；`,
  allSame: (same: number) => `全部 ${same} 个单块删除的误差都与已提交的记录完全相同，这理应如此：计算是确定性的。`,
  someDiffer: (same: number, total: number, differ) =>
    `${total} 个块中有 ${same} 个与记录相同；这些不同：${differ.map((d) => `${d.name} ${d.measured}，记录为 ${d.committed ?? '无'}`).join('；')}。计算后端的算术可能与写下记录的那个不同。`,
  measuredYours: (id: string, intact: string, mean: string, blocks: number) =>
    `在这里测得：${id} 完整时为 ${intact}；删除一个块后，在 ${blocks} 个块上平均为 ${mean}（方块；圆点是已提交的参考网络）。`,
  done: (blocks: number, id: string) => `完成：已逐个删除 ${id} 的 ${blocks} 个块（第一张图中的方块）。`,
  cancelled: (blocks: number) => `已在 ${blocks} 个块之后取消。`,
  failed: (message: string) => `出错了：${message}`,
});
