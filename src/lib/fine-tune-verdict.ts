/**
 * The transfer lesson's exercise "will fine-tuning conv5_x help?", answered from the committed sample-flow reference
 * run. The record is read by the model library (transfer/sample-flow.ts); this module compares the two models seed by
 * seed on the same test images, decides the exercise's answer and words it. Pure: no Astro, no tfjs;
 * tests/unit/fine-tune-verdict.test.ts checks it on made-up runs and on the committed file.
 *
 * Test accuracy, not validation accuracy: both models were chosen on the validation split, so their validation numbers
 * are optimistic, and not independently so. Fine-tuning counts its head-only start as epoch 0 and keeps it when no
 * fine-tuned epoch beats it on validation loss: in such a seed the "fine-tuned" model IS the head-only model, and the
 * two test accuracies are equal by construction. Those seeds are counted apart, never as measured ties.
 */
import { type SampleFlowRecord } from '../model/transfer/sample-flow';
import { stratifiedSplit } from '../model/transfer/split';
import type { Locale } from '../i18n/locales';

export type FineTuneAnswer = 'yes' | 'no' | 'no clear difference';

export interface FineTuneVerdict {
  classes: string[];
  /** Images per class in the run, and how many of them trained (the rest validated). */
  perClass: number;
  trainedPerClass: number;
  testImages: number;
  /** `kept`: validation kept a fine-tuned epoch (bestEpoch ≥ 1); otherwise the seed fell back to the head-only model. */
  seeds: { seed: number; headOnly: number; fineTuned: number; kept: boolean; gainImages: number }[];
  /** Fine-tuned minus head-only, in whole test images (the record rounds accuracies; images are exact). */
  meanGainImages: number;
  minGainImages: number;
  maxGainImages: number;
  /** Seeds where a kept fine-tuned model was right on more / fewer / as many test images as the head alone. */
  helped: number;
  hurt: number;
  tied: number;
  /** Seeds where validation kept no fine-tuned epoch: equal to the head-only model by construction. */
  fellBack: number;
  /** Wall time of one epoch where the run was recorded: fine-tuning (mean, min, max over seeds), and the head alone. */
  fineTuneSecondsPerEpoch: { mean: number; min: number; max: number };
  headSecondsPerEpoch: number;
  /** Where the run was recorded, if the record says (backend and threads). */
  environment: { backend: string; threads: number } | null;
  answer: FineTuneAnswer;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * "yes" only if there are at least two seeds, validation kept fine-tuning and it was right on more test images than
 * the head in every one, AND its mean gain is larger than the seed-to-seed spread of the gain (max − min) and than one
 * test image: a gain every seed agrees on can still be a single image, and one seed shows no spread to compare with.
 * "no" if it gained in no seed. Otherwise "no clear difference". Gains are counted in whole images
 * (Math.round(gain × test images)), so the record's 4-decimal rounding cannot turn one image into more than one.
 */
export function fineTuneVerdict(record: SampleFlowRecord): FineTuneVerdict {
  const { classes, trainPerClass, validationFraction, testPerClass } = record.data;
  const testImages = classes.length * testPerClass;
  const seeds = record.runs.map((r) => ({
    seed: r.seed,
    headOnly: r.headOnly.testAccuracy,
    fineTuned: r.fineTuned.testAccuracy,
    kept: r.fineTuned.bestEpoch > 0,
    gainImages: Math.round((r.fineTuned.testAccuracy - r.headOnly.testAccuracy) * testImages),
  }));
  const gains = seeds.map((s) => s.gainImages);
  const kept = seeds.filter((s) => s.kept);
  const helped = kept.filter((s) => s.gainImages > 0).length;
  const hurt = kept.filter((s) => s.gainImages < 0).length;
  const meanGainImages = mean(gains);
  const [minGainImages, maxGainImages] = [Math.min(...gains), Math.max(...gains)];
  const clear = meanGainImages > Math.max(maxGainImages - minGainImages, 1);
  const answer: FineTuneAnswer = seeds.length >= 2 && helped === seeds.length && clear ? 'yes' : helped === 0 ? 'no' : 'no clear difference';
  // The run's split holds out the same share of every class: count what one class keeps for training.
  const trainedPerClass = stratifiedSplit(new Array<number>(trainPerClass).fill(0), validationFraction, 1).train.length;
  const fineTuneSeconds = record.runs.map((r) => r.fineTuned.secondsPerEpoch);
  const env = (record as SampleFlowRecord & { environment?: { backend?: unknown; threads?: unknown } }).environment;
  return {
    classes,
    perClass: trainPerClass,
    trainedPerClass,
    testImages,
    seeds,
    meanGainImages,
    minGainImages,
    maxGainImages,
    helped,
    hurt,
    tied: kept.length - helped - hurt,
    fellBack: seeds.length - kept.length,
    fineTuneSecondsPerEpoch: { mean: mean(fineTuneSeconds), min: Math.min(...fineTuneSeconds), max: Math.max(...fineTuneSeconds) },
    headSecondsPerEpoch: mean(record.runs.map((r) => r.headOnly.secondsPerEpoch)),
    environment: typeof env?.backend === 'string' && typeof env.threads === 'number' ? { backend: env.backend, threads: env.threads } : null,
    answer,
  };
}

/** A signed count of images, "+2", "−1", "0" (no sign on zero: "±0" would read as plus-or-minus). */
const signedImages = (v: number) => {
  const text = Number.isInteger(v) ? String(Math.abs(v)) : Math.abs(v).toFixed(1);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${text}`;
};
const imagesWord = (v: number) => (Math.abs(v) === 1 ? 'image' : 'images');
const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
const list = (xs: number[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** The verdict in a few sentences, for the exercise's worked solution, in the page's language (English by default). */
export function describeFineTuneVerdict(v: FineTuneVerdict, locale: Locale = 'en'): string {
  if (locale === 'zh-cn') return describeFineTuneVerdictZh(v);
  const n = v.seeds.length;
  const perSeed = v.seeds.map((s) => `seed ${s.seed}: ${percent(s.headOnly)} → ${percent(s.fineTuned)}${s.kept ? '' : ' (fell back)'}`).join('; ');
  const keptSeeds = n - v.fellBack;
  const fellBackSeeds = v.seeds.filter((s) => !s.kept).map((s) => s.seed);
  const kept =
    v.fellBack === 0
      ? `Validation kept a fine-tuned epoch in every seed.`
      : v.fellBack === n
        ? `Validation kept no fine-tuned epoch in any seed: in every seed the fine-tuned model is the head-only model (epoch 0), so equal by construction, and nothing about fine-tuning was measured on the test images.`
        : `Validation kept a fine-tuned epoch in ${keptSeeds} of ${n} seeds; in seed${fellBackSeeds.length > 1 ? 's' : ''} ${list(fellBackSeeds)} the fine-tuned model is the head-only model (epoch 0), so equal by construction.`;
  const tally =
    keptSeeds === 0
      ? ''
      : n === 1
        ? ` Only one seed is recorded: fine-tuning changed the count of correct test images by ${signedImages(v.meanGainImages)} there, with no second seed to show how much that varies.`
        : ` Where it was kept, fine-tuning got more test images right in ${v.helped} seed${v.helped === 1 ? '' : 's'}, fewer in ${v.hurt}, as many in ${v.tied}; over all ${n} seeds, fallbacks (gain 0) included, the gain is ${signedImages(v.meanGainImages)} ${imagesWord(v.meanGainImages)} on average (${signedImages(v.minGainImages)} to ${signedImages(v.maxGainImages)}).`;
  const verdict =
    v.answer === 'yes'
      ? ' A gain in every seed, larger than the spread between seeds and than one image: with these settings, fine-tuning helped.'
      : v.answer === 'no'
        ? ' So with these settings fine-tuning did not help.'
        : n === 1
          ? ' So this run cannot say that fine-tuning helped.'
          : ' Fine-tuning did not gain in every seed by more than both the spread between seeds and one image, so with these settings these runs cannot say that fine-tuning helped.';
  const where = v.environment ? ` (${v.environment.backend}, ${v.environment.threads === 1 ? 'one thread' : `${v.environment.threads} threads`})` : '';
  const s = v.fineTuneSecondsPerEpoch;
  const cost = ` Where it was recorded${where}, an epoch of fine-tuning took ${s.mean.toFixed(0)} s (${s.min.toFixed(0)}–${s.max.toFixed(0)} s across seeds), an epoch of the head alone ${v.headSecondsPerEpoch.toFixed(2)} s.`;
  return `Head alone → fine-tuned, on the same ${v.testImages} test images (${perSeed}). ${kept}${tally}${verdict}${cost}`;
}

/** The same sentences in Simplified Chinese (the same numbers, formatted the same way). */
function describeFineTuneVerdictZh(v: FineTuneVerdict): string {
  const n = v.seeds.length;
  const perSeed = v.seeds.map((s) => `随机种子 ${s.seed}：${percent(s.headOnly)} → ${percent(s.fineTuned)}${s.kept ? '' : '（已回退）'}`).join('；');
  const keptSeeds = n - v.fellBack;
  const fellBackSeeds = v.seeds.filter((s) => !s.kept).map((s) => s.seed);
  const listZh = (xs: number[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join('、')} 和 ${xs.at(-1)}`);
  const kept =
    v.fellBack === 0
      ? '每个随机种子中，验证集都保留了一个微调后的轮次。'
      : v.fellBack === n
        ? '没有任何随机种子中验证集保留了微调后的轮次：每个随机种子中“微调后”的模型就是只训练分类头的模型（第 0 轮），两者按构造相等，测试图像上没有测出任何关于微调的结论。'
        : `验证集在 ${n} 个随机种子中的 ${keptSeeds} 个里保留了微调后的轮次；在随机种子 ${listZh(fellBackSeeds)} 中，“微调后”的模型就是只训练分类头的模型（第 0 轮），两者按构造相等。`;
  const tally =
    keptSeeds === 0
      ? ''
      : n === 1
        ? `只记录了一个随机种子：微调使答对的测试图像数变化了 ${signedImages(v.meanGainImages)}，没有第二个随机种子来说明这个数会波动多少。`
        : `在保留了微调的随机种子中，微调答对更多测试图像的有 ${v.helped} 个，更少的有 ${v.hurt} 个，一样多的有 ${v.tied} 个；在全部 ${n} 个随机种子上（包括增益为 0 的回退种子），平均增益为 ${signedImages(v.meanGainImages)} 张图像（${signedImages(v.minGainImages)} 到 ${signedImages(v.maxGainImages)}）。`;
  const verdict =
    v.answer === 'yes'
      ? '每个随机种子都有增益，且大于随机种子之间的差异和一张图像：在这些设置下，微调有帮助。'
      : v.answer === 'no'
        ? '所以在这些设置下，微调没有帮助。'
        : n === 1
          ? '所以这次运行不能说明微调有帮助。'
          : '微调并没有在每个随机种子中都取得既大于随机种子间差异、又大于一张图像的增益，所以在这些设置下，这些运行不能说明微调有帮助。';
  const where = v.environment ? `（${v.environment.backend}，${v.environment.threads === 1 ? '单线程' : `${v.environment.threads} 个线程`}）` : '';
  const s = v.fineTuneSecondsPerEpoch;
  const cost = `在记录这些运行的环境中${where}，微调一轮用时 ${s.mean.toFixed(0)} s（各随机种子 ${s.min.toFixed(0)}–${s.max.toFixed(0)} s），只训练分类头一轮用时 ${v.headSecondsPerEpoch.toFixed(2)} s。`;
  return `只训练分类头 → 微调后，在同样的 ${v.testImages} 张测试图像上（${perSeed}）。${kept}${tally}${verdict}${cost}`;
}
