/** The exercises' own words (PredictThenRun, CheckedAnswer, Solution): kicker, buttons, feedback, table headers. */
import { defineMessages } from '../../i18n/messages';

export const strings = defineMessages(
  {
    // PredictThenRun
    predictKicker: 'Predict, then run',
    yourPrediction: 'Your prediction',
    commit: 'Commit my prediction',
    predictAgain: 'Predict again',
    nowRun: 'Now run the experiment.',
    compareCaption: 'Your prediction and the experiment’s result',
    youPredicted: 'You predicted',
    experimentGave: 'The experiment gave',
    pickOne: 'Pick one option first.',
    notANumber: (typed: string) => `“${typed}” is not a number I can read; try e.g. 25.6 or 2.5e7.`,
    lockedIn: (prediction: string) => `Prediction locked in: ${prediction}. Run the experiment below.`,
    resultMissing: (name: string) => `The experiment ran but did not define \`${name}\`; the comparison needs it.`,
    matches: 'Your prediction matches the result.',
    differs: 'The result differs from your prediction.',
    notNumberResult: (value: string) => `The experiment produced ${value}, which is not a number`,
    exactlyRight: 'exactly right',
    offBy: (percent: string, above: boolean) => `${percent} % ${above ? 'above' : 'below'} the result`,
    withinTolerance: (tolerance: number, by: string) => `Your prediction is within ${tolerance} %: ${by}.`,
    wasOff: (by: string) => `Your prediction was ${by}.`,
    // CheckedAnswer
    checkKicker: 'Check your answer',
    check: 'Check',
    needsScript: 'Checking needs JavaScript; the solution below works without it.',
    solutionWaits: 'The worked solution appears once you have it right, or after two tries.',
    correct: 'Correct.',
    close: 'Close, but not within the tolerance. Check your arithmetic.',
    wrong: 'Not quite. Try again.',
    unreadable: 'Type an answer first.',
    notANumberAnswer: (typed: string) => `“${typed}” is not a number I can read; try e.g. 16384 or 16.4k.`,
    hint: (hint: string) => ` Hint: ${hint}`,
    solutionBelow: ' The worked solution is now below.',
    // Solution
    showSolution: 'Show the solution',
  },
  {
    predictKicker: '先预测，再运行',
    yourPrediction: '你的预测',
    commit: '提交我的预测',
    predictAgain: '重新预测',
    nowRun: '现在运行实验。',
    compareCaption: '你的预测与实验结果',
    youPredicted: '你的预测',
    experimentGave: '实验结果',
    pickOne: '请先选择一个选项。',
    notANumber: (typed: string) => `无法把“${typed}”读作数字；请试试 25.6 或 2.5e7 这样的写法。`,
    lockedIn: (prediction: string) => `预测已锁定：${prediction}。请运行下面的实验。`,
    resultMissing: (name: string) => `实验已运行，但没有定义 \`${name}\`；比较需要这个变量。`,
    matches: '你的预测与结果一致。',
    differs: '结果与你的预测不同。',
    notNumberResult: (value: string) => `实验得出的是 ${value}，不是数字`,
    exactlyRight: '完全正确',
    offBy: (percent: string, above: boolean) => `比结果${above ? '高' : '低'} ${percent} %`,
    withinTolerance: (tolerance: number, by: string) => `你的预测误差在 ${tolerance} % 以内：${by}。`,
    wasOff: (by: string) => `你的预测${by}。`,
    checkKicker: '检查你的答案',
    check: '检查',
    needsScript: '检查答案需要 JavaScript；下面的解答无需 JavaScript 也能查看。',
    solutionWaits: '答对之后，或尝试两次之后，会显示详细解答。',
    correct: '正确。',
    close: '很接近，但不在容差范围内。请检查你的计算。',
    wrong: '不太对，请再试一次。',
    unreadable: '请先输入答案。',
    notANumberAnswer: (typed: string) => `无法把“${typed}”读作数字；请试试 16384 或 16.4k 这样的写法。`,
    hint: (hint: string) => ` 提示：${hint}`,
    solutionBelow: ' 详细解答已显示在下方。',
    showSolution: '查看解答',
  },
);

export type ExerciseWords = (typeof strings)['en'];

/** The page's table in the browser; English where there is no document (unit tests in Node). */
export const exerciseWords = (): ExerciseWords => (typeof document === 'undefined' ? strings.en : strings.here());
