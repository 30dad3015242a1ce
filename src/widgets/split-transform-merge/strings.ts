/**
 * Every word of the split-transform-merge widget and of the build-time components beside it (RunNumber, RunChart,
 * ResnextComparison, TradeoffTable, BlockDeltaTable), in English and Simplified Chinese (docs/i18n.md). Numbers come
 * in already formatted, the same way in both languages.
 */
import { defineMessages } from '../../i18n/messages';

export const strings = defineMessages(
  {
    // <SplitTransformMerge>
    choiceLabel: 'Cardinality × width',
    choiceOption: (label: string, weights: string) => `${label} (${weights} weights)`,
    build: 'Build all three and compare',
    downloadTable2: 'Download Table 2 as CSV',
    formsCaption: (io: number, size: number) => `The same block three ways, ${io} channels in and out, on a random ${size}×${size} input`,
    colForm: 'Form',
    colLayers: 'Layers',
    colConvOps: 'Conv ops',
    colDiff: 'max |output − (a)|',
    building: 'Building the three forms in TensorFlow.js…',
    reference: '(reference)',
    formsResult: (cardinality: number, width: number, backend: string, weights: string, scale: string, worst: string, ms: number) =>
      `C = ${cardinality}, d = ${width} on ${backend}: the three forms share ${weights} weights, and their outputs ` +
      `(as large as ${scale}) differ by at most ${worst}: float32 rounding, not a different function. ${ms} ms.`,
    formsFailed: (message: string) => `The comparison failed: ${message}`,
    // The three forms (forms.ts)
    formA: (paths: number) => `(a) ${paths} path${paths === 1 ? '' : 's'}, summed`,
    formB: '(b) early concatenation',
    formC: '(c) grouped convolution',
    sumOutputs: (paths: number, io: number) => `sum of the ${paths} outputs (${io} channels)`,
    plusInput: '+ input, ReLU',
    concatenate: (channels: number) => `concatenate → ${channels} channels`,
    oneConv: (conv: string) => `one ${conv}`,
    groupedConv: (channels: number, groups: number, width: number) => `one 3×3, ${channels}→${channels} in ${groups} group${groups === 1 ? '' : 's'} of ${width}`,
    // <TradeoffTable>
    tradeoffCaption: 'Cardinality against width at (about) equal parameters, computed from Eq. 4 by the model library',
    colCardinality: 'Cardinality C',
    colWidth: 'Width d',
    colGroupedWidth: 'Grouped-conv width C·d',
    colWeightsPerBlock: 'Weights per block',
    colVsResnet: 'vs. ResNet',
    // <BlockDeltaTable>
    deltaCaption: 'ResNeXt-50 (32×4d) minus ResNet-50, per block, at 224×224 (computed by the model library)',
    deltaRegion: 'Weights and multiply-adds, block by block',
    colStageBlock: 'Stage, block',
    colWeights: 'Weights',
    colMacs: 'Multiply-adds',
    colFirst1x1: 'of which the first 1×1',
    stageBlock: (stage: string, block: number) => `${stage}, block ${block}`,
    wholeNetwork: 'whole network',
    // <ResnextComparison>
    reveal: (runs: number) => `Show the ${runs} runs’ result`,
    pairedRegion: 'The paired comparison, seed by seed',
    pairedCaption: (images: string) =>
      `Test error of the final nets on the same ${images} test images, seed by seed (difference: ResNet minus ResNeXt, in points; positive means the ResNeXt is better)`,
    colSeed: 'Seed',
    colDifference: 'Difference',
    colOnlyResnet: 'Only the ResNet right',
    colOnlyResnext: 'Only the ResNeXt right',
    colMcnemar: 'McNemar',
    meanSd: 'mean ± s.d.',
    meanInterval: (low: string, high: string) => `95 % interval of the mean difference: ${low} to ${high}`,
    verdictLead: (short: string) => `${short[0]!.toUpperCase() + short.slice(1)}.`,
    // <RunChart>
    chartLabel: (window: number, nets: string[], seeds: number) =>
      `Smoothed training error (lines, mean of the last ${window} minibatches) against training step for ${nets.join(' and ')}, ${seeds} seeds each, with each final net's test error as a dot at the last step.`,
    trainingStep: 'training step',
    dotTitle: (net: string, seed: number, error: string) => `${net}, seed ${seed}: final test error ${error}`,
    showData: 'Show the data as a table',
    chartTableCaption: (window: number) => `Smoothed training error (mean of the last ${window} minibatches) by step, each net and seed`,
    colStep: 'Step',
    netSeed: (net: string, seed: number) => `${net}, seed ${seed}`,
    downloadCsv: 'Download CSV',
    // <RunNumber>
    minutes: (low: number, high: number) => `${low} to ${high} minutes`,
    points: (value: string) => `${value} points`,
    range: (low: string, high: string) => `${low} to ${high}`,
    /** The learning-rate schedule as the run files write it: "0.05, ÷10 at 225". */
    schedule: (text: string) => text,
    // The conclusion (paired.ts): numbers arrive formatted, names as "ResNet" / "ResNeXt".
    spread: (seeds: number, low: string, high: string) => `mean ± standard deviation of the paired differences over ${seeds} seeds; 95 % interval ${low} to ${high} points`,
    mcnemar: (significant: number, seeds: number) => `the exact McNemar test on one seed's test images gives p < 0.05 in ${significant} of ${seeds} seeds`,
    winShort: (winner: string, gap: string, sd: string) => `${winner} better by ${gap} ± ${sd} points`,
    winText: (winner: string, loser: string, gap: string, sd: string, spread: string, wins: number, seeds: number, mcnemar: string) =>
      `${winner} better by ${gap} ± ${sd} points of test error (${spread}): lower than the ${loser}'s in ${wins} of ${seeds} seeds, and ${mcnemar}.`,
    tieShort: 'a tie',
    tieAhead: (ahead: string, gap: string, sd: string) => `the ${ahead} is ahead by ${gap} ± ${sd} points of test error on average`,
    tieZero: (sd: string) => `the mean difference is 0.0 ± ${sd} points`,
    tieText: (lead: string, spread: string, resnextLower: number, seeds: number, resnetLower: number, mcnemar: string) =>
      `A tie: ${lead} (${spread}, which includes zero); the ResNeXt had the lower error in ${resnextLower} of ${seeds} seeds, the ResNet in ${resnetLower}, and ${mcnemar}.`,
  },
  {
    choiceLabel: '基数 × 宽度',
    choiceOption: (label: string, weights: string) => `${label}（${weights} 个权重）`,
    build: '构建三种形式并比较',
    downloadTable2: '下载 Table 2（CSV）',
    formsCaption: (io: number, size: number) => `同一个块的三种形式，输入输出都是 ${io} 个通道，作用在一个随机的 ${size}×${size} 输入上`,
    colForm: '形式',
    colLayers: '层',
    colConvOps: '卷积运算数',
    colDiff: 'max |输出 − (a)|',
    building: '正在用 TensorFlow.js 构建三种形式…',
    reference: '（参照）',
    formsResult: (cardinality: number, width: number, backend: string, weights: string, scale: string, worst: string, ms: number) =>
      `C = ${cardinality}，d = ${width}，在 ${backend} 上：三种形式共用 ${weights} 个权重，它们的输出` +
      `（最大为 ${scale}）最多相差 ${worst}：这是 float32 的舍入误差，而不是不同的函数。用时 ${ms} ms。`,
    formsFailed: (message: string) => `比较失败：${message}`,
    formA: (paths: number) => `(a) ${paths} 条路径，求和`,
    formB: '(b) 提前拼接',
    formC: '(c) 分组卷积',
    sumOutputs: (paths: number, io: number) => `${paths} 个输出相加（${io} 个通道）`,
    plusInput: '+ 输入，ReLU',
    concatenate: (channels: number) => `拼接 → ${channels} 个通道`,
    oneConv: (conv: string) => `一个 ${conv}`,
    groupedConv: (channels: number, groups: number, width: number) => `一个 3×3, ${channels}→${channels}，分成 ${groups} 组，每组 ${width} 个通道`,
    tradeoffCaption: '参数量（大致）相同时的基数与宽度，由模型库根据 Eq. 4 算出',
    colCardinality: '基数 C',
    colWidth: '宽度 d',
    colGroupedWidth: '分组卷积宽度 C·d',
    colWeightsPerBlock: '每个块的权重',
    colVsResnet: '相对 ResNet',
    deltaCaption: 'ResNeXt-50（32×4d）减去 ResNet-50，逐块比较，输入 224×224（由模型库算出）',
    deltaRegion: '逐块比较的权重和乘加运算',
    colStageBlock: '阶段，块',
    colWeights: '权重',
    colMacs: '乘加运算',
    colFirst1x1: '其中第一个 1×1 卷积',
    stageBlock: (stage: string, block: number) => `${stage}，第 ${block} 个块`,
    wholeNetwork: '整个网络',
    reveal: (runs: number) => `显示 ${runs} 组运行的结果`,
    pairedRegion: '逐个随机种子的成对比较',
    pairedCaption: (images: string) =>
      `最终网络在同样的 ${images} 张测试图像上的测试误差，逐个随机种子列出（差值：ResNet 减去 ResNeXt，单位为百分点；为正表示 ResNeXt 更好）`,
    colSeed: '随机种子',
    colDifference: '差值',
    colOnlyResnet: '仅 ResNet 分对',
    colOnlyResnext: '仅 ResNeXt 分对',
    colMcnemar: 'McNemar 检验',
    meanSd: '均值 ± 标准差',
    meanInterval: (low: string, high: string) => `平均差值的 95 % 置信区间：${low} 到 ${high}`,
    verdictLead: (short: string) => `${short}。`,
    chartLabel: (window: number, nets: string[], seeds: number) =>
      `${nets.join(' 和 ')} 的平滑训练误差（折线，最近 ${window} 个小批量的均值）随训练步数的变化，每个网络 ${seeds} 个随机种子；每个最终网络的测试误差画成最后一步处的点。`,
    trainingStep: '训练步数',
    dotTitle: (net: string, seed: number, error: string) => `${net}，随机种子 ${seed}：最终测试误差 ${error}`,
    showData: '以表格显示数据',
    chartTableCaption: (window: number) => `各网络、各随机种子的平滑训练误差（最近 ${window} 个小批量的均值），按步数列出`,
    colStep: '步',
    netSeed: (net: string, seed: number) => `${net}，随机种子 ${seed}`,
    downloadCsv: '下载 CSV',
    minutes: (low: number, high: number) => `${low} 到 ${high} 分钟`,
    points: (value: string) => `${value} 个百分点`,
    range: (low: string, high: string) => `${low} 到 ${high}`,
    schedule: (text: string) =>
      text.replace(/,? ÷(\d+) at (.+)$/, (_, factor: string, steps: string) => `，在第 ${steps.replace(/,? and /g, '、').replace(/, /g, '、')} 步除以 ${factor}`),
    spread: (seeds: number, low: string, high: string) => `${seeds} 个随机种子上成对差值的均值 ± 标准差；95 % 置信区间为 ${low} 到 ${high} 个百分点`,
    mcnemar: (significant: number, seeds: number) => `基于单个随机种子测试图像的精确 McNemar 检验，在 ${seeds} 个随机种子中有 ${significant} 个给出 p < 0.05`,
    winShort: (winner: string, gap: string, sd: string) => `${winner} 更好，领先 ${gap} ± ${sd} 个百分点`,
    winText: (winner: string, loser: string, gap: string, sd: string, spread: string, wins: number, seeds: number, mcnemar: string) =>
      `${winner} 更好，测试误差低 ${gap} ± ${sd} 个百分点（${spread}）：在 ${seeds} 个随机种子中有 ${wins} 个低于 ${loser}；${mcnemar}。`,
    tieShort: '不分胜负',
    tieAhead: (ahead: string, gap: string, sd: string) => `平均而言 ${ahead} 的测试误差低 ${gap} ± ${sd} 个百分点`,
    tieZero: (sd: string) => `平均差值为 0.0 ± ${sd} 个百分点`,
    tieText: (lead: string, spread: string, resnextLower: number, seeds: number, resnetLower: number, mcnemar: string) =>
      `不分胜负：${lead}（${spread}，区间包含零）；在 ${seeds} 个随机种子中，ResNeXt 的误差在 ${resnextLower} 个中更低，ResNet 在 ${resnetLower} 个中更低；${mcnemar}。`,
  },
);

export type SplitTransformMergeWords = (typeof strings)['en'];
