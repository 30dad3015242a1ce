/**
 * Every word the degradation lab and its build-time components (RunFact, RunClaim, RunPrediction, Fig6Verdict,
 * Scorecard) show, in each language (docs/i18n.md "Widget and component strings"). Numbers come in formatted the
 * same way in both languages; the sentences about our runs (conclusions.ts) take their pieces from here.
 */
import { defineMessages } from '../../i18n/messages';
import type { BackendReport } from '../../model/runtime/backend';

export { backendInChinese, backendReasonInChinese } from '../shared/backend-zh';
import { backendInChinese, backendReasonInChinese } from '../shared/backend-zh';

/**
 * A learning-rate schedule as `describeSchedule` and the run files word it ("0.1, ÷10 at 400, 600, linear warm-up from
 * 0.01 over 80 steps"), in Chinese: "0.1，在第 400、600 步 ÷10，前 80 步从 0.01 线性预热". Text it does not recognise
 * keeps its numbers and only gets Chinese commas.
 */
export function scheduleInChinese(text: string): string {
  const shapes: Record<string, string> = { linear: '线性', constant: '恒定' };
  return text
    .replace(/([÷×])([\d.e+-]+) at (\d+(?:, \d+)*)/, (_, op: string, g: string, steps: string) => `在第 ${steps.split(', ').join('、')} 步 ${op}${g}`)
    .replace(/(\w+) warm-up from (\S+) over (\d+) steps/, (_, shape: string, from: string, n: string) => `前 ${n} 步从 ${from} ${shapes[shape] ?? shape}预热`)
    .replace(/, /g, '，');
}

/** What a comparison sentence (conclusions.ts `describeComparison`) is made of, already computed. */
export interface ComparisonWords {
  a: string;
  b: string;
  /** Seeds compared, and how many the family has. */
  n: number;
  familySeeds: number;
  /** Mean gap in points (absolute, one decimal) and its direction. */
  points: string;
  higher: boolean;
  /** The gap's range across seeds, signed, when n > 1. */
  min: string;
  max: string;
  /** Seeds agreeing with the mean's direction. */
  agree: number;
  tie: boolean;
  /** One net's seed-to-seed spread in points, when the mean gap is no larger (then it is not called a difference). */
  noise?: string;
}

const enList = (xs: readonly (string | number)[]) => xs.join(' and ');

export const strings = defineMessages(
  {
    // The shell.
    settingsLabel: 'Settings:',
    recipeQuick: (depths: readonly number[], steps: number) => `Quick (${enList(depths)} layers, ${steps} steps, constant rate)`,
    recipePaper: (depths: readonly number[], steps: string) => `The paper's recipe, shortened (${enList(depths)} layers, ${steps} steps)`,
    depths: 'Depths',
    networks: 'Networks',
    /** A network kind (the form's value) as a word. Not a lone string: "plain" is also the start of the net name "plain-20". */
    variant: (v: 'plain' | 'res'): string => (v === 'plain' ? 'plain' : 'residual'),
    steps: 'Steps',
    learningRate: 'Learning rate',
    batch: 'Batch',
    schedule: 'Schedule',
    constant: 'constant',
    stepSchedule: 'warm-up, ÷10 at ½ and ¾',
    zeroInit: 'zero-init the last BatchNorm γ of each residual block (residual nets only)',
    showReference: 'show the reference run',
    start: 'Start training',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    dataSplit: (trained: string, total: string, validation: string, percent: number, seed: number, test: string) =>
      `Your run trains on ${trained} of the ${total} training images and holds the other ${validation} out for validation (${percent} % of each class, fixed seed ${seed}, never trained on). The bold curves are validation error, and the best model is chosen and saved on it. The ${test} test images are used once, at the end, for the saved model. Validation and test errors use BatchNorm's running averages (inference mode, as a deployed network); the dashed training curve is the minibatch error with each batch's own statistics (training mode).`,
    progressLabel: 'Training progress',
    notStarted: 'Not started. Training runs on your device; nothing is sent anywhere.',
    backend: 'Backend',
    chosenAtStart: 'chosen when you start',
    speed: 'Speed',
    timeLeft: 'Time left',
    showTable: 'Show the curves as a table',
    downloadCsv: 'Download CSV',
    downloadPng: 'Download PNG',
    predictionsNote:
      "The model was read back from this browser's storage. BatchNorm normalises with its running averages (inference mode), so each image's answer depends on that image alone.",
    caption: 'Plain and residual networks of the same depth and parameter count, trained side by side in your browser.',
    captionData: (total: string, validation: string, test: string, width: number) =>
      `Fashion-MNIST subset: ${total} training images (${validation} of them held out for validation in your run) and ${test} test images; width ${width}, seed 1.`,
    captionReference: (examples: string) =>
      `The reference run's faint curves show its test error on the first ${examples} test images with batch statistics: the constant-rate run with the constant schedule (`,
    captionRecipe: '), the recipe run with the step schedule (',
    captionEnd: ').',
    referenceRun: (day: string, backend: string, steps: number, seeds: readonly number[]) => `reference run (${day}, Node, ${backend}, ${steps} steps, seed ${seeds.join(', ')})`,
    // The element.
    cannotStart: (problems: readonly string[]) => `Cannot start: ${problems.join('; ')}.`,
    couldNotRun: (why: string) => `Training could not run: ${why}`,
    startingTf: 'Starting TensorFlow.js…',
    loadingData: 'Loading the Fashion-MNIST subset…',
    /** `english`: shared/tf-loader.ts `describeBackend(report)`, the English wording every English page has shown. */
    backendText: (_report: BackendReport, english: string) => english,
    backendWhy: (backend: string, why: string | undefined) => `${backend}${why ? `. Why: ${why}.` : ''}`,
    fallback: (from: string, reason: string, to: string) => `${from} stopped working: ${reason}. Training starts again on ${to}.`,
    saved: (net: string, step: number, error: string) =>
      `Best so far, chosen on validation error: ${net} at step ${step}, validation error ${error} (BatchNorm on its running averages), saved in this browser (IndexedDB).`,
    tested: (net: string, step: number, validationError: string, testError: string, examples: string) =>
      `Test error of the saved model (${net} at step ${step}, chosen on its validation error of ${validationError}): ` +
      `${testError} on all ${examples} test images, measured once, now, with BatchNorm on its running averages (inference mode). ` +
      'No choice in this run looked at the test set.',
    pausedHidden: 'Paused while this tab is hidden; it resumes when you come back.',
    ended: (status: 'finished' | 'stopped' | 'diverged', duration: string) =>
      `${status === 'finished' ? 'Finished' : status === 'stopped' ? 'Stopped' : 'Diverged'} after ${duration}.`,
    doneFinished: (stepsEach: number, networks: number) => `Done: finished ${stepsEach} steps on each of ${networks} networks.`,
    doneStopped: (steps: number) => `Stopped: stopped after ${steps} steps in all.`,
    /** `message`: the lab's own sentence (which net diverged, and the trainer's reason), quoted in English. */
    doneDiverged: (message: string) => `Training stopped: ${message}`,
    memory: (before: number, after: number) =>
      `Tensors in memory before the networks were built: ${before}; after the run: ${after}${after === before ? ' (all freed).' : ' (some were not freed).'}`,
    saveFailed: (why: string) => `the best model could not be saved in this browser: ${why}`,
    testFailed: (why: string) => `testing the saved model failed: ${why}`,
    plainNetworks: 'Plain networks',
    residualNetworks: 'Residual networks (option A shortcuts)',
    faintLines: (label: string) => `Faint lines: ${label}.`,
    recipeLine: (recipe: string) => `Schedule: ${recipe}. Momentum 0.9, weight decay 1e-4.`,
    progress: (paused: boolean, step: number, steps: number, networks: number, done: number, total: number) =>
      `${paused ? 'Paused at' : 'Training:'} step ${step} of ${steps} on each of ${networks} networks (${done} of ${total} steps in all)`,
    rate: (rate: string) => `${rate} steps/s (all networks together)`,
    measuredEstimate: (rate: string, backend: string | undefined, duration: string) =>
      `At the speed measured in this run (${rate} steps/s on ${backend ?? 'this backend'}, all networks together, validation included): about ${duration} for the whole run.`,
    estimateOn: (duration: string, backend: string) => `${duration} on ${backend}`,
    estimate: (estimates: readonly string[]) =>
      `Estimated time: about ${estimates.join('; ')}. On a real GPU (WebGL or WebGPU) it should be faster, but we have not measured one. ` +
      'After a few steps the lab measures your own speed and replaces this estimate.',
    tableCaption:
      'Smoothed training error (minibatches, batch statistics) and held-out error at each evaluation step: validation for your run, test for the reference run',
    colSource: 'Source',
    colNetwork: 'Network',
    colStep: 'Step',
    colTrainingError: 'Training error',
    colValidationError: 'Validation error',
    colTestError: 'Test error',
    yourRun: 'your run',
    reference: 'reference',
    predictionsTitle: (net: string, step: number, validationError: string, testError: string, n: number, right: number) =>
      `Predictions of the saved best model (${net}, step ${step}, validation error ${validationError}, test error ${testError}) for the first ${n} test images: ${right} of ${n} right`,
    // series.ts: the settings line, the checks and the estimates.
    recipe: (schedule: string | undefined, zeroInit: boolean) =>
      `${schedule === undefined ? 'learning rate —' : `learning rate ${schedule}`}; ${zeroInit ? 'last BatchNorm γ of each residual block starts at 0 (residual nets only; plain nets keep γ = 1)' : 'every BatchNorm γ starts at 1'}`,
    /** A schedule as `describeSchedule` words it, in this language. */
    scheduleText: (text: string) => text,
    pickDepth: 'pick at least one depth',
    notSixNPlusTwo: (d: number) => `depth ${d} is not 6n + 2 (8, 20, 32, 44, 56…)`,
    pickVariant: 'pick plain, residual or both',
    badSteps: (got: string) => `steps must be a whole number ≥ 1, got ${got}`,
    badSchedule: (got: string) => `unknown schedule ${got}`,
    badEvalEvery: (got: string) => `evaluation interval must be a whole number ≥ 1, got ${got}`,
    badLr: 'the learning rate must be a number',
    wasmBusy: 'wasm, busy 2-core machine (measured)',
    wasmIdle: 'wasm, idle 2-core machine',
    webglEmulated: 'WebGL emulated on the CPU (no GPU)',
    // chart.ts
    chartLabel: (title: string) => `${title}: training error (dashed) and validation error (bold) against iteration, one colour per depth`,
    iteration: 'iteration',
    error: 'error',
    keyTraining: 'your run: training error',
    keyValidation: 'your run: validation error',
    keyReferenceTraining: 'reference: training',
    keyReferenceTest: 'reference: test',
    // predictions.ts
    imageLabel: (index: number, label: string) => `test image ${index}, a ${label}`,
    right: '✓ right',
    isActually: (label: string) => `✗ is ${label}`,
    /** Fashion-MNIST's classes as the manifest names them, in this language. */
    className: (name: string) => name,
    // Build-time components.
    minutes: (n: number) => `${n} minutes`,
    comparison: (w: ComparisonWords) => {
      if (w.n === 0) return `We have no finished run with both ${w.a} and ${w.b}.`;
      const missing = w.n < w.familySeeds ? ` (only ${w.n} of our ${w.familySeeds} seeds have both nets finished)` : '';
      const each = w.n > 1 ? ` (${w.min} to ${w.max} points across seeds, as ${w.a} minus ${w.b})` : '';
      if (w.tie) return `${w.a} and ${w.b} end with the same training error on average, within 0.1 points${each}${missing}.`;
      const where = w.n === 1 ? 'in our one seed' : w.agree === w.n ? (w.n === 2 ? 'in both seeds' : `in all ${w.n} seeds`) : `in ${w.agree} of ${w.n} seeds`;
      const by = w.n === 1 ? `by ${w.points} points` : `by ${w.points} points on average`;
      const noise = w.noise !== undefined ? `; that is no larger than one net's seed-to-seed spread (${w.noise} points), so we do not call it a difference` : '';
      return `${w.a} ends with a ${w.higher ? 'higher' : 'lower'} training error than ${w.b} ${where}, ${by}${each}${noise}${missing}.`;
    },
    question: (setting: string, a: string, b: string) =>
      `${setting}, which ends with the lower training error: ${a} or ${b}? (Answer "neither" if you expect no difference beyond seed-to-seed noise.)`,
    neither: 'neither',
    /** Other answers that mean "neither", separated by `|`. */
    acceptNeither: 'tie|no difference|it depends|depends on the seed',
    hint: 'Look at the curves the lab drew, or think about what a deeper network can do in principle and what the optimiser has to find.',
    endsWorse: (a: string, b: string) => `${a} ends worse than ${b}`,
    endsBetter: (a: string, b: string) => `${a} ends better than ${b}`,
    fig6None: 'We have no seed in which all four nets finished, so we claim nothing about Fig. 6.',
    fig6TooFew: (n: number) => `Only ${n} seed${n === 1 ? ' has' : 's have'} all four nets finished, fewer than the three we require, so we claim neither panel of Fig. 6.`,
    fig6Both: (n: number, plain: string, residual: string) =>
      `Both panels of Fig. 6 hold, in training error, in every one of our ${n} seeds: ${plain}, and ${residual} (with the zero-γ start; see the caveats).`,
    fig6PlainOnly: (n: number, plain: string, residual: string) => `Only the plain panel of Fig. 6 holds in all ${n} seeds (${plain}); the residual one (${residual}) does not.`,
    fig6ResidualOnly: (n: number, plain: string, residual: string) =>
      `Only the residual panel of Fig. 6 holds in all ${n} seeds (${residual}); the plain one (${plain}) does not.`,
    fig6Neither: (n: number) => `Neither panel of Fig. 6 holds in all ${n} seeds.`,
    scorecardCaption: (train: string, steps: number, batch: number, schedule: string, width: number, seeds: number, smoothing: number, examples: string) =>
      `Left: the paper's CIFAR-10 results after 64,000 iterations of batch 128 (He et al. 2016, Table 6; plain nets are only plotted, in Fig. 6). ` +
      `Right: our reference runs on ${train} Fashion-MNIST images after ${steps} iterations of batch ${batch} (${schedule}), width ${width} instead of 16: ` +
      `the mean of ${seeds === 1 ? 'one seed' : `${seeds} seeds`}, each seed's value in brackets. Training error is the mean minibatch error of the last ${smoothing} steps; ` +
      `test error is measured on ${examples} test images with BatchNorm's running averages (how a deployed network runs); with ${examples} images, one net's test error has a standard error of about one point.`,
    scoreNetwork: 'Network',
    scorePaperError: 'Paper: test error',
    scorePaperParams: 'Parameters at width 16 (our builder)',
    scoreOurTraining: 'Ours: training error',
    scoreOurTest: 'Ours: test error',
    scoreOurParams: 'Ours: parameters',
    paperNote: 'best of 5 runs; mean 6.61 ± 0.16 %',
    curveOnly: 'curve only',
    paperParams: (params: string) => ` (paper: ${params})`,
    notRun: 'not run',
  },
  {
    settingsLabel: '设置：',
    recipeQuick: (depths: readonly number[], steps: number) => `快速（${depths.join(' 层和 ')} 层，${steps} 步，恒定学习率）`,
    recipePaper: (depths: readonly number[], steps: string) => `论文的训练方案，缩短版（${depths.join(' 层和 ')} 层，${steps} 步）`,
    depths: '深度',
    networks: '网络',
    variant: (v: 'plain' | 'res') => (v === 'plain' ? '普通网络' : '残差网络'),
    steps: '步数',
    learningRate: '学习率',
    batch: '批大小',
    schedule: '学习率调度',
    constant: '恒定',
    stepSchedule: '预热，在 ½ 和 ¾ 处 ÷10',
    zeroInit: '把每个残差块最后一个批归一化的 γ 初始化为零（仅残差网络）',
    showReference: '显示参考运行',
    start: '开始训练',
    pause: '暂停',
    resume: '继续',
    stop: '停止',
    dataSplit: (trained: string, total: string, validation: string, percent: number, seed: number, test: string) =>
      `你的运行在 ${total} 张训练图像中的 ${trained} 张上训练，另外 ${validation} 张留作验证集（每个类别的 ${percent} %，固定随机种子 ${seed}，从不用于训练）。粗线是验证误差，最佳模型按它选出并保存。${test} 张测试图像只在最后对保存的模型使用一次。验证误差和测试误差使用批归一化的滑动平均（推理模式，与部署的网络相同）；虚线的训练曲线是小批量误差，使用每个批自己的统计量（训练模式）。`,
    progressLabel: '训练进度',
    notStarted: '尚未开始。训练在你的设备上运行，不会向任何地方发送数据。',
    backend: '后端',
    chosenAtStart: '开始时选择',
    speed: '速度',
    timeLeft: '剩余时间',
    showTable: '以表格显示曲线',
    downloadCsv: '下载 CSV',
    downloadPng: '下载 PNG',
    predictionsNote: '模型是从本浏览器的存储中读回的。批归一化使用其滑动平均进行归一化（推理模式），所以每张图像的答案只取决于这张图像本身。',
    caption: '深度和参数量相同的普通网络与残差网络，在你的浏览器中并排训练。',
    captionData: (total: string, validation: string, test: string, width: number) =>
      `Fashion-MNIST 子集：${total} 张训练图像（在你的运行中其中 ${validation} 张留作验证集）和 ${test} 张测试图像；宽度 ${width}，随机种子 1。`,
    captionReference: (examples: string) => `参考运行的浅色曲线是它在前 ${examples} 张测试图像上使用批统计量得到的测试误差：恒定学习率调度对应恒定学习率的运行（`,
    captionRecipe: '），分段学习率调度对应论文方案的运行（',
    captionEnd: '）。',
    referenceRun: (day: string, backend: string, steps: number, seeds: readonly number[]) => `参考运行（${day}，Node，${backend}，${steps} 步，随机种子 ${seeds.join('、')}）`,
    cannotStart: (problems: readonly string[]) => `无法开始：${problems.join('；')}。`,
    couldNotRun: (why: string) => `训练无法运行：${why}`,
    startingTf: '正在启动 TensorFlow.js…',
    loadingData: '正在加载 Fashion-MNIST 子集…',
    backendText: (report: BackendReport, _english: string) => backendInChinese(report),
    backendWhy: (backend: string, why: string | undefined) => `${backend}${why ? `。原因：${backendReasonInChinese(why)}。` : ''}`,
    fallback: (from: string, reason: string, to: string) => `${from} 停止工作：${lostInChinese(reason)}。训练在 ${to} 上重新开始。`,
    saved: (net: string, step: number, error: string) =>
      `目前最佳（按验证误差选出）：${net}，第 ${step} 步，验证误差 ${error}（批归一化使用其滑动平均），已保存在本浏览器中（IndexedDB）。`,
    tested: (net: string, step: number, validationError: string, testError: string, examples: string) =>
      `保存的模型（${net}，第 ${step} 步，按其验证误差 ${validationError} 选出）的测试误差：` +
      `在全部 ${examples} 张测试图像上为 ${testError}，现在只测量一次，批归一化使用其滑动平均（推理模式）。` +
      '本次运行中没有任何选择看过测试集。',
    pausedHidden: '此标签页被隐藏时已暂停；回来后会继续。',
    ended: (status: 'finished' | 'stopped' | 'diverged', duration: string) =>
      `${status === 'finished' ? '已完成' : status === 'stopped' ? '已停止' : '已发散'}，用时 ${duration}。`,
    doneFinished: (stepsEach: number, networks: number) => `完成：${networks} 个网络各训练了 ${stepsEach} 步。`,
    doneStopped: (steps: number) => `已停止：共训练了 ${steps} 步。`,
    doneDiverged: (message: string) => `训练已停止：${divergedInChinese(message)}`,
    memory: (before: number, after: number) =>
      `构建网络之前内存中的张量：${before}；运行之后：${after}${after === before ? '（全部释放）。' : '（有些没有释放）。'}`,
    saveFailed: (why: string) => `最佳模型无法保存在本浏览器中：${why}`,
    testFailed: (why: string) => `测试保存的模型失败：${why}`,
    plainNetworks: '普通网络',
    residualNetworks: '残差网络（选项 A 捷径连接）',
    faintLines: (label: string) => `浅色线：${label}。`,
    recipeLine: (recipe: string) => `学习率调度：${recipe}。动量 0.9，权重衰减 1e-4。`,
    progress: (paused: boolean, step: number, steps: number, networks: number, done: number, total: number) =>
      `${paused ? '已暂停于' : '训练中：'}${networks} 个网络各第 ${step}/${steps} 步（共 ${done}/${total} 步）`,
    rate: (rate: string) => `${rate} 步/秒（所有网络合计）`,
    measuredEstimate: (rate: string, backend: string | undefined, duration: string) =>
      `按本次运行测得的速度（在 ${backend ?? '此后端'} 上 ${rate} 步/秒，所有网络合计，含验证）：整个运行约需 ${duration}。`,
    estimateOn: (duration: string, backend: string) => `${backend}：${duration}`,
    estimate: (estimates: readonly string[]) =>
      `预计用时：约 ${estimates.join('；')}。在真正的 GPU 上（WebGL 或 WebGPU）应该更快，但我们还没有测量过。` +
      '训练几步之后，实验会测量你自己的速度并替换这个估计。',
    tableCaption: '每个评估步的平滑训练误差（小批量，批统计量）和留出误差：你的运行为验证误差，参考运行为测试误差',
    colSource: '来源',
    colNetwork: '网络',
    colStep: '步',
    colTrainingError: '训练误差',
    colValidationError: '验证误差',
    colTestError: '测试误差',
    yourRun: '你的运行',
    reference: '参考运行',
    predictionsTitle: (net: string, step: number, validationError: string, testError: string, n: number, right: number) =>
      `保存的最佳模型（${net}，第 ${step} 步，验证误差 ${validationError}，测试误差 ${testError}）对前 ${n} 张测试图像的预测：${n} 张中对了 ${right} 张`,
    recipe: (schedule: string | undefined, zeroInit: boolean) =>
      `学习率 ${schedule ?? '—'}；${zeroInit ? '每个残差块最后一个批归一化的 γ 从 0 开始（仅残差网络；普通网络保持 γ = 1）' : '每个批归一化的 γ 都从 1 开始'}`,
    scheduleText: (text: string) => scheduleInChinese(text),
    pickDepth: '请至少选择一个深度',
    notSixNPlusTwo: (d: number) => `深度 ${d} 不是 6n + 2（8、20、32、44、56…）`,
    pickVariant: '请选择普通网络、残差网络或两者',
    badSteps: (got: string) => `步数必须是 ≥ 1 的整数，得到的是 ${got}`,
    badSchedule: (got: string) => `未知的学习率调度 ${got}`,
    badEvalEvery: (got: string) => `评估间隔必须是 ≥ 1 的整数，得到的是 ${got}`,
    badLr: '学习率必须是一个数',
    wasmBusy: 'wasm，繁忙的双核机器（实测）',
    wasmIdle: 'wasm，空闲的双核机器',
    webglEmulated: '在 CPU 上模拟的 WebGL（无 GPU）',
    chartLabel: (title: string) => `${title}：训练误差（虚线）和验证误差（粗线）随迭代次数的变化，每种深度一种颜色`,
    iteration: '迭代次数',
    error: '误差',
    keyTraining: '你的运行：训练误差',
    keyValidation: '你的运行：验证误差',
    keyReferenceTraining: '参考运行：训练',
    keyReferenceTest: '参考运行：测试',
    imageLabel: (index: number, label: string) => `测试图像 ${index}：${label}`,
    right: '✓ 正确',
    isActually: (label: string) => `✗ 实为${label}`,
    className: (name: string) => FASHION_MNIST_ZH[name] ?? name,
    minutes: (n: number) => `${n} 分钟`,
    comparison: (w: ComparisonWords) => {
      if (w.n === 0) return `我们没有 ${w.a} 和 ${w.b} 都完成的运行。`;
      const missing = w.n < w.familySeeds ? `（我们的 ${w.familySeeds} 个随机种子中只有 ${w.n} 个两个网络都完成了）` : '';
      const each = w.n > 1 ? `（各随机种子之间为 ${w.min} 到 ${w.max} 个百分点，按 ${w.a} 减 ${w.b} 计）` : '';
      if (w.tie) return `${w.a} 和 ${w.b} 最终的平均训练误差相同，相差不到 0.1 个百分点${each}${missing}。`;
      const where = w.n === 1 ? '在我们唯一的随机种子中' : w.agree === w.n ? (w.n === 2 ? '在两个随机种子中' : `在全部 ${w.n} 个随机种子中`) : `在 ${w.n} 个随机种子中的 ${w.agree} 个中`;
      const noise = w.noise !== undefined ? `；这不大于单个网络在不同随机种子之间的波动（${w.noise} 个百分点），所以我们不称之为差异` : '';
      const by = w.n === 1 ? `相差 ${w.points} 个百分点` : `平均相差 ${w.points} 个百分点`;
      return `${where}，${w.a} 最终的训练误差${w.higher ? '高于' : '低于'} ${w.b}，${by}${each}${noise}${missing}。`;
    },
    question: (setting: string, a: string, b: string) =>
      `${setting}，哪个网络最终的训练误差更低：${a} 还是 ${b}？（如果你认为除了随机种子带来的波动之外没有差别，请回答“都不”。）`,
    neither: '都不',
    acceptNeither: '都不是|一样|没有差别|没有区别|相同|差不多|取决于随机种子',
    hint: '看看实验画出的曲线，或者想一想：更深的网络在原理上能做到什么，而优化器又必须找到什么。',
    endsWorse: (a: string, b: string) => `${a} 最终比 ${b} 差`,
    endsBetter: (a: string, b: string) => `${a} 最终比 ${b} 好`,
    fig6None: '我们没有四个网络都完成的随机种子，所以对 Fig. 6 不做任何断言。',
    fig6TooFew: (n: number) => `只有 ${n} 个随机种子的四个网络都完成了，少于我们要求的三个，所以对 Fig. 6 的两幅子图都不做断言。`,
    fig6Both: (n: number, plain: string, residual: string) =>
      `Fig. 6 的两幅子图在训练误差上都成立，在我们全部 ${n} 个随机种子中均如此：${plain}，并且 ${residual}（使用零 γ 起点；见注意事项）。`,
    fig6PlainOnly: (n: number, plain: string, residual: string) => `只有 Fig. 6 的普通网络子图在全部 ${n} 个随机种子中成立（${plain}）；残差网络子图（${residual}）不成立。`,
    fig6ResidualOnly: (n: number, plain: string, residual: string) =>
      `只有 Fig. 6 的残差网络子图在全部 ${n} 个随机种子中成立（${residual}）；普通网络子图（${plain}）不成立。`,
    fig6Neither: (n: number) => `Fig. 6 的两幅子图都没有在全部 ${n} 个随机种子中成立。`,
    scorecardCaption: (train: string, steps: number, batch: number, schedule: string, width: number, seeds: number, smoothing: number, examples: string) =>
      `左：论文在 CIFAR-10 上以批大小 128 训练 64,000 次迭代后的结果（He et al. 2016，Table 6；普通网络只以曲线形式出现在 Fig. 6 中）。` +
      `右：我们在 ${train} 张 Fashion-MNIST 图像上以批大小 ${batch} 训练 ${steps} 次迭代的参考运行（${scheduleInChinese(schedule)}），宽度为 ${width} 而不是 16：` +
      `${seeds === 1 ? '一个随机种子' : `${seeds} 个随机种子的平均值`}，括号中为每个随机种子的值。训练误差是最后 ${smoothing} 步小批量误差的平均值；` +
      `测试误差在 ${examples} 张测试图像上测量，批归一化使用其滑动平均（部署的网络就是这样运行的）；在 ${examples} 张图像上，单个网络测试误差的标准误约为一个百分点。`,
    scoreNetwork: '网络',
    scorePaperError: '论文：测试误差',
    scorePaperParams: '宽度 16 时的参数量（我们的构建器）',
    scoreOurTraining: '我们的：训练误差',
    scoreOurTest: '我们的：测试误差',
    scoreOurParams: '我们的：参数量',
    paperNote: '5 次运行中最好的一次；平均 6.61 ± 0.16 %',
    curveOnly: '仅有曲线',
    paperParams: (params: string) => `（论文：${params}）`,
    notRun: '未运行',
  },
);

/** Fashion-MNIST's ten classes (the manifest's English names) in Chinese. */
const FASHION_MNIST_ZH: Record<string, string> = {
  'T-shirt/top': 'T 恤/上衣',
  Trouser: '裤子',
  Pullover: '套头衫',
  Dress: '连衣裙',
  Coat: '外套',
  Sandal: '凉鞋',
  Shirt: '衬衫',
  Sneaker: '运动鞋',
  Bag: '包',
  'Ankle boot': '短靴',
};

/**
 * The lab's divergence sentence ("plain-56: training diverged: the loss became NaN at step 12 (learning rate 1). The
 * updates overshoot; …", worded by the trainer in src/model) in Chinese; a sentence of another shape is quoted as is.
 */
function divergedInChinese(message: string): string {
  const m = /^(\S+): training diverged: the loss became (\S+) at step (\d+) \(learning rate ([^)]+)\)\./.exec(message);
  if (!m) return message;
  const [, net, loss, step, lr] = m;
  return `${net}：训练发散了，损失在第 ${step} 步变成了 ${loss}（学习率 ${lr}）。更新步子迈得太大；请降低学习率，或从更小的学习率开始预热。`;
}

/** Why the GPU went away (worker.ts `gpuGone`) in Chinese; a browser's own detail after the colon stays as it is. */
function lostInChinese(reason: string): string {
  return reason
    .replace('the WebGL context was lost', 'WebGL 上下文丢失了')
    .replace('the WebGPU device was lost', 'WebGPU 设备丢失了')
    .replace(' (the GPU was reset or the browser reclaimed it', '（GPU 被重置，或被浏览器收回')
    .replace(' (it was destroyed', '（它被销毁了')
    .replace(/\)$/, '）');
}
