/** Every word the residual toy shows, in each language (docs/i18n.md "Widget and component strings"). */
import { defineMessages } from '../../i18n/messages';

export const strings = defineMessages(
  {
    zeroInit: 'zero-init each block’s last layer (both stacks)',
    seed: 'seed',
    showStep0: 'Show step 0',
    train: 'Train 150 steps',
    downloadCsv: 'Download CSV',
    intro: (blocks: number) => `Both stacks of ${blocks} blocks start from the same weights. Press Show step 0 or Train.`,
    keyTarget: 'target H(x) = x + 0.25·sin(πx)',
    keyPlain: 'plain stack',
    keyResidual: 'residual stack',
    keyF: 'residual F(x) = H(x) − x',
    showTable: 'Show as a table',
    tableCaption: 'Every eighth input: the target, each stack\'s output and the residual stack\'s F(x)',
    colTarget: 'target',
    colPlainH: 'plain H(x)',
    colResidualH: 'residual H(x)',
    colResidualF: 'residual F(x)',
    chartLabel: 'Target function, the plain and residual stacks’ fits, and the residual stack’s F(x)',
    loading: 'Loading TensorFlow.js…',
    failed: (why: string) => `Something went wrong: ${why}`,
    diverged: 'diverged',
    status: (step: number, seed: number, zeroInit: boolean, plain: string, residual: string) =>
      `Step ${step} (seed ${seed}, last layers ${zeroInit ? 'zero' : 'random'}). Mean squared error: plain ${plain}, residual ${residual}.`,
    signal: (input: string, plainOut: string, residualOut: string, plainGrad: string, residualGrad: string) =>
      `Output size (RMS; the input's is ${input}): plain ${plainOut}, residual ${residualOut}. ` +
      `Gradient reaching block 1 (‖∂L/∂ its weights and biases‖): plain ${plainGrad}, residual ${residualGrad}.`,
  },
  {
    zeroInit: '将每个块的最后一层初始化为零（两个堆叠都如此）',
    seed: '随机种子',
    showStep0: '显示第 0 步',
    train: '训练 150 步',
    downloadCsv: '下载 CSV',
    intro: (blocks: number) => `两个堆叠各有 ${blocks} 个块，从相同的权重出发。请按“显示第 0 步”或“训练”。`,
    keyTarget: '目标 H(x) = x + 0.25·sin(πx)',
    keyPlain: '普通堆叠',
    keyResidual: '残差堆叠',
    keyF: '残差 F(x) = H(x) − x',
    showTable: '以表格显示',
    tableCaption: '每隔八个输入取一个：目标、每个堆叠的输出，以及残差堆叠的 F(x)',
    colTarget: '目标',
    colPlainH: '普通 H(x)',
    colResidualH: '残差 H(x)',
    colResidualF: '残差 F(x)',
    chartLabel: '目标函数、普通堆叠与残差堆叠的拟合结果，以及残差堆叠的 F(x)',
    loading: '正在加载 TensorFlow.js…',
    failed: (why: string) => `出错了：${why}`,
    diverged: '已发散',
    status: (step: number, seed: number, zeroInit: boolean, plain: string, residual: string) =>
      `第 ${step} 步（随机种子 ${seed}，最后一层${zeroInit ? '初始化为零' : '随机初始化'}）。均方误差：普通 ${plain}，残差 ${residual}。`,
    signal: (input: string, plainOut: string, residualOut: string, plainGrad: string, residualGrad: string) =>
      `输出大小（RMS；输入的为 ${input}）：普通 ${plainOut}，残差 ${residualOut}。` +
      `到达第 1 个块的梯度（‖∂L/∂ 该块的权重和偏置‖）：普通 ${plainGrad}，残差 ${residualGrad}。`,
  },
);
