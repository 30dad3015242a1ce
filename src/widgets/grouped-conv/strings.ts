/** Every word the grouped-convolution widget shows, in English and Simplified Chinese (docs/i18n.md). */
import { defineMessages } from '../../i18n/messages';

export const strings = defineMessages(
  {
    groupsLabel: 'Groups:',
    weights: 'Weights',
    macsOutput: (size: number) => `Multiply-adds (${size}×${size} output)`,
    ofDenseConv: 'Of a dense conv',
    wiringLabel: 'Wiring of the grouped convolution',
    checkButton: 'Check the numbers in TensorFlow.js',
    checkIntro: (channels: number, kernel: number) =>
      `Runs one ${channels}-channel ${kernel}×${kernel} convolution on a random 8×8 input three ways: the library’s grouped conv, split → conv → concat, and a dense conv whose kernel is block-diagonal.`,
    diffCaption: 'Largest differences between the three implementations',
    rowSplit: 'max |grouped − split→conv→concat|',
    rowDense: 'max |grouped − dense block-diagonal|',
    rowScale: 'max |output|',
    rowZeros: 'zeros in the dense kernel',
    showTable: 'Show the costs as a table',
    tableCaption: (channels: number, kernel: number, size: number) =>
      `A ${channels} → ${channels} ${kernel}×${kernel} convolution on a ${size}×${size} output, for every group count`,
    colGroups: 'Groups',
    colPerGroup: 'Channels per group',
    colWeights: 'Weights',
    colMacs: 'Multiply-adds',
    colOfDense: 'Of dense',
    depthwiseMark: ' (depthwise)',
    downloadCsv: 'Download CSV',
    fractionAll: 'all',
    svgInput: 'input',
    svgOutput: 'output',
    svgKernel: 'dense kernel: in × out',
    wiring: (groupsText: string, per: number, groups: number) =>
      `${groupsText}. Each output channel is wired to the ${per} input channel${per === 1 ? '' : 's'} of its own group; the dense kernel is zero outside ${groups} diagonal block${groups === 1 ? '' : 's'} of ${per} × ${per}.`,
    loading: 'Loading TensorFlow.js…',
    checkFailed: (message: string) => `The check failed: ${message}`,
    identical: 'the three results are identical, to the last bit',
    differ: (worst: string) => `the three results differ by at most ${worst}: float32 rounding, since they add the same products in different orders`,
    checkResult: (groupsText: string, backend: string, verdict: string, scale: string) => `${groupsText}, on ${backend}: ${verdict} (outputs as large as ${scale}).`,
    /** "4 groups of 4 channels" / "1 group of 16 channels (an ordinary, dense convolution)" / "16 groups of 1 channel (depthwise)". */
    describeGroups: (channels: number, groups: number) => {
      const per = channels / groups;
      if (groups === 1) return `1 group of ${channels} channels (an ordinary, dense convolution)`;
      return `${groups} groups of ${per} channel${per === 1 ? '' : 's'}${per === 1 ? ' (depthwise)' : ''}`;
    },
    summary: (groupsText: string, params: string, macs: string, groups: number) =>
      `${groupsText}: ${params} weights and ${macs} multiply-adds, 1/${groups} of the dense convolution’s.`,
  },
  {
    groupsLabel: '分组数：',
    weights: '权重',
    macsOutput: (size: number) => `乘加运算（${size}×${size} 输出）`,
    ofDenseConv: '占稠密卷积的',
    wiringLabel: '分组卷积的连接方式',
    checkButton: '用 TensorFlow.js 验证这些数字',
    checkIntro: (channels: number, kernel: number) =>
      `在一个随机的 8×8 输入上，用三种方法运行同一个 ${channels} 通道的 ${kernel}×${kernel} 卷积：模型库的分组卷积、拆分 → 卷积 → 拼接，以及卷积核为块对角矩阵的稠密卷积。`,
    diffCaption: '三种实现之间的最大差值',
    rowSplit: 'max |分组卷积 − 拆分→卷积→拼接|',
    rowDense: 'max |分组卷积 − 块对角稠密卷积|',
    rowScale: 'max |输出|',
    rowZeros: '稠密卷积核中的零',
    showTable: '以表格显示开销',
    tableCaption: (channels: number, kernel: number, size: number) =>
      `一个 ${channels} → ${channels} 通道的 ${kernel}×${kernel} 卷积在 ${size}×${size} 输出上的开销，每种分组数一行`,
    colGroups: '分组数',
    colPerGroup: '每组通道数',
    colWeights: '权重',
    colMacs: '乘加运算',
    colOfDense: '占稠密卷积的',
    depthwiseMark: '（深度卷积）',
    downloadCsv: '下载 CSV',
    fractionAll: '全部',
    svgInput: '输入',
    svgOutput: '输出',
    svgKernel: '稠密卷积核：输入 × 输出',
    wiring: (groupsText: string, per: number, groups: number) =>
      `${groupsText}。每个输出通道只连接到它所在组的 ${per} 个输入通道；稠密卷积核在 ${groups} 个 ${per} × ${per} 的对角块之外全为零。`,
    loading: '正在加载 TensorFlow.js…',
    checkFailed: (message: string) => `验证失败：${message}`,
    identical: '三个结果完全相同，连最后一位都一样',
    differ: (worst: string) => `三个结果最多相差 ${worst}：这是 float32 的舍入误差，因为它们以不同的顺序累加相同的乘积`,
    checkResult: (groupsText: string, backend: string, verdict: string, scale: string) => `${groupsText}，在 ${backend} 上：${verdict}（输出最大为 ${scale}）。`,
    describeGroups: (channels: number, groups: number) => {
      const per = channels / groups;
      if (groups === 1) return `1 组，共 ${channels} 个通道（普通的稠密卷积）`;
      return `${groups} 组，每组 ${per} 个通道${per === 1 ? '（深度卷积）' : ''}`;
    },
    summary: (groupsText: string, params: string, macs: string, groups: number) =>
      `${groupsText}：${params} 个权重，${macs} 次乘加运算，是稠密卷积的 1/${groups}。`,
  },
);

export type GroupedConvWords = (typeof strings)['en'];
