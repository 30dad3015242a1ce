/**
 * The front page's figures' own words: chart titles, axis names, legends, text alternatives, captions, table headers
 * and the computed sentences (degradation.ts, gradient-flow.ts, cam.ts and the three *Figure.astro).
 */
import { defineMessages } from '../../i18n/messages';

export const strings = defineMessages(
  {
    // degradation.ts and DegradationFigure.astro
    plainNets: 'Plain nets',
    residualNets: 'Residual nets',
    endsAt: (name: string, percent: string) => `${name} ends at ${percent} %`,
    degradationLabel: (title: string, ends: string) => `${title}: training error against iteration, mean of the seeds with their range; ${ends}.`,
    iteration: 'iteration',
    trainingErrorAxis: 'training error',
    layers: (depth: number) => `${depth} layers`,
    degradationCaption: (smoothing: number, steps: string, batch: number, images: string, seeds: number) =>
      `Training error (the mean minibatch error over the last ${smoothing} steps, the quantity of the paper's Fig. 6) of plain and residual nets of 20 and 56 layers, trained in Node with the site's own code: the paper's recipe shortened to ${steps} steps of batch ${batch} on ${images} Fashion-MNIST images. Line: the mean of ${seeds} seeds; band: the lowest to the highest seed. The residual nets start each block's last BatchNorm γ at 0 (see the lesson's caveats).`,
    finalNumbers: 'The final numbers, seed by seed',
    finalCaption: (examples: string) =>
      `Final training error (as plotted) and test error on ${examples} test images (BatchNorm's running averages), mean of the seeds and each seed's value.`,
    network: 'Network',
    trainingError: 'Training error',
    testError: 'Test error',
    trainThem: 'Train them yourself:',
    // gradient-flow.ts and GradientFlowFigure.astro
    withBatchNorm: 'With BatchNorm',
    withoutBatchNorm: 'Without BatchNorm',
    // A function, not two strings: "plain" alone would match net names such as plain-20, which stay as they are.
    netLabel: (residual: boolean): string => (residual ? 'residual' : 'plain'),
    flowLabel: (title: string, depth: number, ratios: string) =>
      `${title}: gradient norm at each block's output against depth, log scale, plain and residual ${depth}-layer nets at initialisation; at the stem ÷ after the last block (median seed): ${ratios}.`,
    depthAxis: 'depth (layers from the input)',
    range: (lo: string, hi: string) => `${lo} to ${hi}`,
    briefValues: (range: string) => `(${range} ×)`,
    values: (range: string) => `(at the stem: ${range} × its size after the last block)`,
    oneSeed: 'in our one seed',
    bothSeeds: 'in both seeds',
    allSeeds: (n: number) => `in all ${n} seeds`,
    shrinks: (seeds: string, values: string) => `shrinks towards the input ${seeds} ${values}`,
    grows: (seeds: string, values: string) => `grows towards the input ${seeds} ${values}`,
    mixed: (down: number, n: number, values: string) => `shrinks towards the input in ${down} of ${n} seeds and not in the others ${values}`,
    flowSentence: (title: string, plain: string, residual: string) => `${title}, the plain net's backward signal ${plain}; the residual net's ${residual}.`,
    flowCaption: (depth: number, w1: number, w2: number, w3: number, count: number, split: string, seeds: number) =>
      `The backward signal ‖∂ℒ/∂x‖ at the stem's output and at each block's output of a plain and a residual ${depth}-layer net (${w1}, ${w2} and ${w3} filters, the same initial weights) before any training: one backward pass on ${count} Fashion-MNIST ${split} images, BatchNorm in training mode. Log scale; line: the median of ${seeds} seeds, band: the lowest to the highest.`,
    notTheWholeStory: (depth: number) =>
      `So with BatchNorm the plain net's gradient does not vanish, yet the plain ${depth}-layer net is the one that trains worse in the degradation figure: vanishing gradients are not the whole story.`,
    ratiosBySeed: 'The ratios, seed by seed',
    ratiosCaption: '‖∂ℒ/∂x‖ at the stem ÷ after the last block, each seed (below 1: the signal shrinks towards the input).',
    setting: 'Setting',
    netColumn: (net: string) => `${net} net`,
    madeWithSeeds: (seeds: string) => ` (seeds ${seeds}).`,
    measureIt: 'Measure it yourself:',
    madeWith: 'Made with',
    // cam.ts and CamFigure.astro
    camTop: (label: string, percent: string) => `“${label}”, ${percent}`,
    /** Where the map peaks, as the record words it (`middle right`: describePosition in resnet50-classifier/cam.ts). */
    place: (where: string): string => where,
    /** The record's data split (`test`, `train`). */
    split: (split: string): string => split,
    camRunnerUp: (label: string, percent: string) => `${label} ${percent}`,
    listSeparator: ', ',
    camAlt: (photo: string, label: string, where: string) => `${photo}, with ResNet-50's class activation map for “${label}” laid over it in colour, strongest in the ${where}.`,
    camNames: (top: string, rest: string) => `ResNet-50, pretrained on ImageNet and run by this site's model library, names this photo ${top}${rest ? ` (then ${rest})` : ''}.`,
    camColours: (label: string, where: string, crop: number) =>
      `The colours are its class activation map for that class (Zhou et al. 2016): where the features of its last stage voted for “${label}”, red most, blue least; strongest in the ${where} of the ${crop} × ${crop} crop the network saw.`,
    photoBy: (author: string, licence: string) => `Photo by ${author} (${licence}`,
    source: 'source',
    camSample: (title: string) => `), the classifier's “${title}” sample.`,
    tryPhotos: 'Try your own photos:',
    comma: ', ',
    stop: '.',
    sentenceGap: ' ',
  },
  {
    plainNets: '普通网络',
    residualNets: '残差网络',
    endsAt: (name: string, percent: string) => `${name} 最终为 ${percent} %`,
    degradationLabel: (title: string, ends: string) => `${title}：训练误差随迭代次数的变化，各随机种子的均值及其范围；${ends}。`,
    iteration: '迭代次数',
    trainingErrorAxis: '训练误差',
    layers: (depth: number) => `${depth} 层`,
    degradationCaption: (smoothing: number, steps: string, batch: number, images: string, seeds: number) =>
      `20 层和 56 层的普通网络与残差网络的训练误差（最近 ${smoothing} 步小批量误差的均值，即论文 Fig. 6 中的量），用本站自己的代码在 Node 中训练：论文的训练方案缩短为 ${steps} 步、批大小 ${batch}，使用 ${images} 张 Fashion-MNIST 图像。曲线：${seeds} 个随机种子的均值；阴影带：从最低到最高的随机种子。残差网络把每个残差块最后一个批归一化的 γ 初始化为 0（见课程中的注意事项）。`,
    finalNumbers: '最终数值，逐个随机种子',
    finalCaption: (examples: string) => `最终训练误差（与图中相同）和在 ${examples} 张测试图像上的测试误差（批归一化使用滑动平均），各随机种子的均值及每个随机种子的值。`,
    network: '网络',
    trainingError: '训练误差',
    testError: '测试误差',
    trainThem: '亲手训练它们：',
    withBatchNorm: '使用批归一化',
    withoutBatchNorm: '不使用批归一化',
    netLabel: (residual: boolean): string => (residual ? '残差' : '普通'),
    flowLabel: (title: string, depth: number, ratios: string) =>
      `${title}：各块输出处的梯度范数随深度的变化，对数刻度，初始化时的 ${depth} 层普通网络与残差网络；stem 层处 ÷ 最后一个块之后（中位数随机种子）：${ratios}。`,
    depthAxis: '深度（距输入的层数）',
    range: (lo: string, hi: string) => `${lo} 到 ${hi}`,
    briefValues: (range: string) => `（${range} ×）`,
    values: (range: string) => `（stem 层处为最后一个块之后的 ${range} ×）`,
    oneSeed: '在我们唯一的随机种子中',
    bothSeeds: '在两个随机种子中都',
    allSeeds: (n: number) => `在全部 ${n} 个随机种子中都`,
    shrinks: (seeds: string, values: string) => `${seeds}朝输入方向减小${values}`,
    grows: (seeds: string, values: string) => `${seeds}朝输入方向增大${values}`,
    mixed: (down: number, n: number, values: string) => `在 ${n} 个随机种子中的 ${down} 个里朝输入方向减小，其余则不然${values}`,
    flowSentence: (title: string, plain: string, residual: string) => `${title}时，普通网络的反向信号${plain}；残差网络的反向信号${residual}。`,
    flowCaption: (depth: number, w1: number, w2: number, w3: number, count: number, split: string, seeds: number) =>
      `训练之前，一个 ${depth} 层普通网络和一个 ${depth} 层残差网络（${w1}、${w2} 和 ${w3} 个滤波器，相同的初始权重）在 stem 层输出处和每个块输出处的反向信号 ‖∂ℒ/∂x‖：在 ${count} 张 Fashion-MNIST ${split}图像上做一次反向传播，批归一化处于训练模式。对数刻度；曲线：${seeds} 个随机种子的中位数，阴影带：从最低到最高。`,
    notTheWholeStory: (depth: number) =>
      `所以使用批归一化时普通网络的梯度并没有消失，但在退化图中训练得更差的正是 ${depth} 层普通网络：梯度消失并不是全部原因。`,
    ratiosBySeed: '比值，逐个随机种子',
    ratiosCaption: 'stem 层处的 ‖∂ℒ/∂x‖ ÷ 最后一个块之后的值，每个随机种子一个（小于 1：信号朝输入方向减小）。',
    setting: '设置',
    netColumn: (net: string) => `${net}网络`,
    madeWithSeeds: (seeds: string) => `（随机种子 ${seeds}）。`,
    measureIt: '亲手测量：',
    madeWith: '生成命令：',
    camTop: (label: string, percent: string) => `“${label}”，${percent}`,
    place: (where: string): string => PLACE_ZH[where] ?? where,
    split: (split: string): string => ({ test: '测试', train: '训练', validation: '验证' })[split] ?? split,
    camRunnerUp: (label: string, percent: string) => `${label} ${percent}`,
    listSeparator: '、',
    camAlt: (photo: string, label: string, where: string) => `${photo}，上面以颜色叠加了 ResNet-50 对“${label}”的类激活图，在${where}最强。`,
    camNames: (top: string, rest: string) => `在 ImageNet 上预训练、由本站模型库运行的 ResNet-50 把这张照片识别为 ${top}${rest ? `（其次是 ${rest}）` : ''}。`,
    camColours: (label: string, where: string, crop: number) =>
      `颜色是它对该类别的类激活图（CAM）（Zhou et al. 2016）：最后一个阶段的特征为“${label}”投票的位置，红色最多，蓝色最少；在网络所见的 ${crop} × ${crop} 裁剪图的${where}最强。`,
    photoBy: (author: string, licence: string) => `照片作者 ${author}（${licence}`,
    source: '来源',
    camSample: (title: string) => `），即分类器的“${title}”样例。`,
    tryPhotos: '试试你自己的照片：',
    comma: '，',
    stop: '。',
    sentenceGap: '',
  },
);

/** describePosition's nine places in Chinese. */
const PLACE_ZH: Record<string, string> = {
  centre: '中央',
  top: '上方',
  bottom: '下方',
  'middle left': '左侧',
  'middle right': '右侧',
  'top left': '左上方',
  'top right': '右上方',
  'bottom left': '左下方',
  'bottom right': '右下方',
};

export type FrontWords = (typeof strings)['en'];
