/**
 * Every word the loss landscape shows, in each language: the shell's (at build time, `strings[localeOfUrl(Astro.url)]`)
 * and the element's, charts' and caption's (in the page, `strings.here()`). Numbers are formatted as in English; the
 * CSV keeps its English column names and the files their English names in every language.
 */
import { defineMessages } from '../../i18n/messages';

const seconds = (s: number, unit: { s: string; min: string }) => (s < 90 ? `${Math.ceil(s)} ${unit.s}` : `${Math.ceil(s / 60)} ${unit.min}`);

const en = {
  curvesTitle: 'The loss along direction x through the trained weights',
  curvesHint: (seeds: number[]) =>
    `The same points as the middle row of each contour plot (β = 0); the committed results have a finer 1-D slice along the same direction. Committed seeds: ${seeds.join(', ')}.`,
  download: 'Download',
  downloadCsv: 'Download CSV',
  downloadPng: 'Download PNG',
  downloadSvg: 'Download SVG',
  showGrid: 'Show the grid as a table',
  gridScroll: 'Grid table (scrolls)',
  gridCaption: 'Training loss and error at each grid point (α, β) of each net',
  colNet: 'Net',
  colLoss: 'Loss',
  colError: 'Error',
  computeForm: 'Compute a landscape',
  nets: 'Nets',
  both: 'plain and residual',
  residualOnly: 'residual only',
  plainOnly: 'plain only',
  yourNetworkChecking: 'your network (checking this browser…)',
  depth: 'Depth',
  grid: 'Grid',
  span: 'Span ±',
  seed: 'Seed',
  compute: 'Compute',
  cancel: 'Cancel',
  savedNoneBefore: 'No network of yours is saved in this browser yet: train one in the',
  labLink: 'degradation lab',
  savedNoneAfter: ', which keeps its best model here.',
  idle: 'The plots show committed results. Compute loads TensorFlow.js, the nets and 256 training images, and evaluates the loss at every grid point, for each net (one forward pass each).',
  progressLabel: 'Grid points computed',

  // The caption under the plots (./series.ts viewCaption).
  committed: 'Committed reference landscapes',
  computedHere: 'Computed in this page',
  trainSetError: (error: string) => `training-set error ${error}`,
  centreLoss: (loss: string) => `loss ${loss} at the trained weights`,
  netWith: (net: string, facts: string[]) => `${net} (${facts.join(', ')})`,
  netList: (nets: string[]) => nets.join(' and '),
  caption: (what: string, nets: string, v: { seed: number; grid: string; span: number; count: number; batchSeed: number; command: string | null }) =>
    `${what}: ${nets}. Direction seed ${v.seed}, filter-normalised; ${v.grid} grid over α, β in ±${v.span}; training loss on a fixed batch of ${v.count} training images (batch seed ${v.batchSeed}), BatchNorm on its running averages.${v.command ? ` Made by ${v.command}.` : ''}`,

  // The charts (./chart.ts).
  alphaAxis: 'α (direction x)',
  betaAxis: 'β (direction y)',
  panelLabel: (net: string) => `Contour plot of the training loss of ${net} around its trained weights (+), over the directions α and β`,
  keyTitle: 'Training loss (log scale), one scale for all panels',
  keyLabel: (from: string, to: string) => `Colour key: loss from ${from} to ${to} on a log scale, shared by the panels`,
  curvesAxis: 'α: step along direction x (β = 0)',
  curvesLoss: 'Training loss (log)',
  curvesLabel: (nets: string[]) => `Training loss along direction x through the trained weights, for ${nets.join(' and ')}`,

  // Checking the reader's settings (./series.ts checkSettings).
  badDepth: (depths: number[], got: number) => `depth must be ${depths.join(' or ')}, got ${got}`,
  badGrid: (min: number, max: number, got: number) => `the grid must be an odd whole number from ${min} to ${max}, got ${got}`,
  badSpan: (got: number) => `the span must be between 0.1 and 5, got ${got}`,
  badSeed: (min: number, max: number, got: number) => `the seed must be a whole number from ${min} to ${max}, got ${got}`,

  // The element.
  workerLabel: 'the loss landscape’s worker',
  yourNet: (net: string | null) => (net ? `your ${net}` : 'your network'),
  noReference: (depth: number, seed: number) => `No committed landscape for ${depth} layers and seed ${seed}: press Compute to make one here.`,
  aboutSaved: (net: string, plain: boolean, data: string) =>
    `Your network is ${net}, ${data}.${plain ? ' It is a plain net: it has no shortcuts.' : ''} Its batch is the same 256 training images, so some of them may be from its validation split.`,
  cancelling: 'Cancelling…',
  cannotCompute: (why: string) => `Cannot compute: ${why}.`,
  loadingData: 'Loading TensorFlow.js and the batch of 256 training images…',
  backend: (described: string) => `Backend: ${described}`,
  loadingNet: (net: string) => `Loading ${net}…`,
  computing: (net: string, done: number, total: number, rate: string) => `Computing ${net}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} points, ${rate} points/s`,
  timeLeft: (s: number) => `about ${seconds(s, { s: 's', min: 'min' })} left`,
  done: (total: number, s: number, rate: string) => `Done: ${total.toLocaleString('en')} points in ${seconds(s, { s: 's', min: 'min' })} (${rate} points/s).`,
  cancelled: (done: number, total: number) => `Cancelled after ${done.toLocaleString('en')} of ${total.toLocaleString('en')} points; the plots keep what was computed.`,
  stopped: 'Stopped by an error.',
  failed: (message: string) => `Something went wrong: ${message}`,
};

export const strings = defineMessages(en, {
  curvesTitle: '沿方向 x 穿过训练好的权重的损失',
  curvesHint: (seeds: number[]) => `与每张等高线图中间一行（β = 0）是同一批点；已提交的结果沿同一方向还有一条更细的一维切片。已提交的种子：${seeds.join('、')}。`,
  download: '下载',
  downloadCsv: '下载 CSV',
  downloadPng: '下载 PNG',
  downloadSvg: '下载 SVG',
  showGrid: '以表格显示网格',
  gridScroll: '网格表格（可滚动）',
  gridCaption: '每个网络在每个网格点 (α, β) 处的训练损失和误差',
  colNet: '网络',
  colLoss: '损失',
  colError: '误差',
  computeForm: '计算一个损失曲面',
  nets: '网络',
  both: '普通网络和残差网络',
  residualOnly: '仅残差网络',
  plainOnly: '仅普通网络',
  yourNetworkChecking: '你的网络（正在检查本浏览器……）',
  depth: '深度',
  grid: '网格',
  span: '范围 ±',
  seed: '种子',
  compute: '计算',
  cancel: '取消',
  savedNoneBefore: '本浏览器中还没有保存你的网络：请在',
  labLink: '退化问题实验台',
  savedNoneAfter: '中训练一个，它会把最好的模型保存在这里。',
  idle: '图中显示的是已提交的结果。“计算”会加载 TensorFlow.js、网络和 256 张训练图像，并对每个网络在每个网格点上计算损失（每个点一次前向传播）。',
  progressLabel: '已计算的网格点',

  committed: '已提交的参考损失曲面',
  computedHere: '在本页中计算',
  trainSetError: (error: string) => `训练集误差 ${error}`,
  centreLoss: (loss: string) => `训练好的权重处损失为 ${loss}`,
  netWith: (net: string, facts: string[]) => `${net}（${facts.join('，')}）`,
  netList: (nets: string[]) => nets.join(' 和 ').replace(/） 和 /g, '）和 '),
  caption: (what, nets, v) =>
    `${what}：${nets}。方向种子 ${v.seed}，逐滤波器归一化；α、β 在 ±${v.span} 内的 ${v.grid} 网格；训练损失在一个固定的、由 ${v.count} 张训练图像组成的批上计算（批的种子 ${v.batchSeed}），批归一化使用其滑动平均。${v.command ? `由 ${v.command} 生成。` : ''}`,

  alphaAxis: 'α（方向 x）',
  betaAxis: 'β（方向 y）',
  panelLabel: (net: string) => `${net} 在训练好的权重（+）周围、沿方向 α 和 β 的训练损失等高线图`,
  keyTitle: '训练损失（对数刻度），所有图共用一个刻度',
  keyLabel: (from: string, to: string) => `颜色图例：损失从 ${from} 到 ${to}，对数刻度，各图共用`,
  curvesAxis: 'α：沿方向 x 的步长（β = 0）',
  curvesLoss: '训练损失（对数）',
  curvesLabel: (nets: string[]) => `${nets.join(' 和 ')} 沿方向 x 穿过训练好的权重的训练损失`,

  badDepth: (depths: number[], got: number) => `深度必须是 ${depths.join(' 或 ')}，得到的是 ${got}`,
  badGrid: (min: number, max: number, got: number) => `网格必须是 ${min} 到 ${max} 之间的奇数，得到的是 ${got}`,
  badSpan: (got: number) => `范围必须在 0.1 到 5 之间，得到的是 ${got}`,
  badSeed: (min: number, max: number, got: number) => `种子必须是 ${min} 到 ${max} 之间的整数，得到的是 ${got}`,

  workerLabel: '损失曲面的 Worker',
  yourNet: (net: string | null) => (net ? `你的 ${net}` : '你的网络'),
  noReference: (depth: number, seed: number) => `没有 ${depth} 层、种子 ${seed} 的已提交损失曲面：按“计算”在这里生成一个。`,
  aboutSaved: (net: string, plain: boolean) =>
    `你的网络是 ${net}，由退化问题实验台在本浏览器中用 Fashion-MNIST 子集的训练图像训练（其中 10 % 留作验证集），保留验证误差最低的那一步。${plain ? '它是一个普通网络：没有捷径。' : ''}它的批是同样的 256 张训练图像，所以其中一些可能来自它的验证集。`,
  cancelling: '正在取消……',
  cannotCompute: (why: string) => `无法计算：${why}。`,
  loadingData: '正在加载 TensorFlow.js 和由 256 张训练图像组成的批……',
  backend: (described: string) => `计算后端：${described}`,
  loadingNet: (net: string) => `正在加载 ${net}……`,
  computing: (net: string, done: number, total: number, rate: string) => `正在计算 ${net}：已完成 ${done.toLocaleString('en')} / ${total.toLocaleString('en')} 个点，每秒 ${rate} 个点`,
  timeLeft: (s: number) => `约剩 ${seconds(s, { s: '秒', min: '分钟' })}`,
  done: (total: number, s: number, rate: string) => `完成：${seconds(s, { s: '秒', min: '分钟' })}内计算了 ${total.toLocaleString('en')} 个点（每秒 ${rate} 个点）。`,
  cancelled: (done: number, total: number) => `已在 ${total.toLocaleString('en')} 个点中的 ${done.toLocaleString('en')} 个之后取消；图中保留已经算出的部分。`,
  stopped: '因出错而停止。',
  failed: (message: string) => `出错了：${message}`,
});
