/**
 * The evidence components' words in Simplified Chinese (./strings.ts has the English and the shapes of the data each
 * statement is given). The same numbers and the same verdicts as the English, in Chinese word order; numbers printed
 * by ./numbers.ts exactly as in English. Terms as in the zh-CN lesson: 方向种子, 向下弯曲, 随机猜测损失, 单块删除.
 */
import type { Translation } from '../../i18n/messages';
import type { EvidenceMessages } from './strings';
import { netName, pct, pctRange, pctRange0, points, signedPoints, span } from './numbers';

/** "a、b 和 c" (no space after a full-width bracket: "0.785（plain-56）和 0.413"). */
const list = (v: readonly (string | number)[]) => (v.length === 1 ? String(v[0]) : `${v.slice(0, -1).join('、')} 和 ${v.at(-1)}`.replace(/） 和 /, '）和 '));
/** "在我们唯一的一个方向种子中", "在两个方向种子中", "在全部 3 个方向种子中", "在 3 个方向种子中的 2 个中". */
const inHowMany = (agree: number, n: number, what: string) =>
  n === 1 ? `在我们唯一的一个${what}中` : agree === n ? (n === 2 ? `在两个${what}中` : `在全部 ${n} 个${what}中`) : `在 ${n} 个${what}中的 ${agree} 个中`;
/** 都 after a phrase about more than one seed ("在全部 3 个方向种子中，……都……"). */
const all = (n: number) => (n > 1 ? '都' : '');
const seedsZh = (k: readonly number[]) => (k.length === 1 ? `仅种子 ${k[0]}` : `种子 ${list(k)}`);

export const evidenceZhCn: Translation<EvidenceMessages> = {
  downloadCsv: '下载 CSV',
  scrolls: (label: string) => `${label}（可滚动）`,
  colNet: '网络',
  colGrid: '网格',
  colDirectionSeed: '方向种子',
  colCentreLoss: '中心损失',
  colBendsDown: '向下弯曲的比例',
  colBelowChance: '低于随机猜测损失的点',
  colOfWhichBendDown: '其中向下弯曲的',
  colLocalMinima: '局部极小值',
  colCornerRatio: '四角 ÷ 中心损失',
  landscapeCaption:
    '每个已提交的二维切片（沿两个方向的范围均为 ±1）的摘要：训练好的权重处的训练损失；切片向下弯曲的内部网格点所占的比例（沿 α、β 或一条对角线的二阶差分小于零，且超出舍入误差）；低于随机猜测损失（ln 10）的内部点，以及其中有多少向下弯曲；局部极小值的个数；以及损失在四角处升高了多少',
  colTrainingSeed: '训练种子',
  colPostTrain: '后激活训练误差',
  colPreTrain: '预激活训练误差',
  colPostTest: '后激活测试误差',
  colPreTest: '预激活测试误差',
  colTestImages: '测试图像数',
  preactCaption: (depth: number, steps: number) =>
    `${depth} 层残差网络，原始（后激活）块与完全预激活块，训练调度相同（${steps} 步），按训练种子配对：最终训练误差（对最后若干小批量做了平滑）和最后一步的测试误差`,

  pathChartLabel: (blocks: number, marked: [number, number] | null, share: string) =>
    `条形图：一个有 ${blocks} 个残差块的网络共有 2^${blocks} 条路径，图中是恰好经过 k 个残差分支的路径所占的比例，k = 0 到 ${blocks}；这是一个以 ${blocks / 2} 为中心的二项分布${marked ? `。标出的是长度 ${marked[0]} 到 ${marked[1]}，占全部路径的 ${share}` : ''}。`,
  pathBarTitle: (length: number, paths: string, share: string) => `${length} 个分支：${paths} 条路径，${share}`,
  pathAxis: (blocks: number) => `路径长度：经过的残差分支数（共 ${blocks} 个）`,
  pathKey: (from: number, to: number, share: string) => `长度 ${from}–${to}：占全部路径的 ${share}`,
  showCounts: '以表格显示计数',
  pathCountsScroll: '路径计数（可滚动）',
  pathTableCaption: (blocks: number) => `经过 ${blocks} 个残差块的路径按长度统计：2^${blocks} 条中的 C(${blocks}, k) 条`,
  lengthK: '长度 k',
  paths: '路径数',
  share: '比例',

  noSlicePair: (depth: number, grid: number) => `我们没有 ${grid}×${grid} 网格上的一对 ${depth} 层切片。`,
  convexity: (c) => {
    const n = c.plain.length;
    const spread = (v: number[]) => (n > 1 ? `（${n} 个方向种子中为 ${pctRange0(v)}）` : '');
    const head = `在 ${c.depth} 层时，普通网络的切片平均在 ${pct(c.plainMean, 0)} 的内部网格点上向下弯曲${spread(c.plain)}，ResNet-${c.depth} 的切片为 ${pct(c.residualMean, 0)}${spread(c.residual)}`;
    const verdict =
      c.plainLessConvex === n
        ? `${inHowMany(n, n, '方向种子')}，普通网络的切片${all(n)}在更多的点上向下弯曲`
        : c.plainLessConvex === 0
          ? `${inHowMany(n, n, '方向种子')}，残差网络的切片${all(n)}在同样多或更多的点上向下弯曲，与 Li 等人的发现相反`
          : `只有${inHowMany(c.plainLessConvex, n, '方向种子')}，普通网络的切片在更多的点上向下弯曲，所以在这个深度上我们不认为两者有差别`;
    return `${head}；${verdict}。`;
  },
  belowChance: (b) => {
    const n = b.seeds.length;
    const each = n > 1 ? '分别' : '';
    const verdict =
      b.plainMore === n
        ? `${inHowMany(n, n, '方向种子')}，普通网络的切片在这些点中向下弯曲的比例${all(n)}更大`
        : `只有${inHowMany(b.plainMore, n, '方向种子')}，普通网络的切片在这些点中向下弯曲的比例更大，所以在随机猜测损失以下我们不认为两者有差别`;
    return `在随机猜测损失（ln 10 ≈ ${b.chanceLoss.toFixed(3)}，即均匀猜测的损失）以下，plain-${b.depth} 的切片${each}有 ${list(b.plain.map((x) => x.points))} 个内部点（方向种子 ${list(b.seeds)}），其中${each}有 ${list(b.plain.map((x) => x.bendsDown))} 个向下弯曲；ResNet-${b.depth} 的切片${each}有 ${list(b.residual.map((x) => x.points))} 个，其中${each}有 ${list(b.residual.map((x) => x.bendsDown))} 个向下弯曲：${verdict}，而每个切片上这样的点最少只有 ${b.fewest} 个。`;
  },
  setting: (s) =>
    `我们的网络训练了 ${s.steps} 步，每步 ${s.batchSize} 张图像（约为 ${s.trainExamples.toLocaleString('en')} 张训练图像的 ${s.epochs.toFixed(1)} 轮），最终在训练图像上的误差为 ${span(s.trainErrors, (v) => (100 * v).toFixed(1))} %；它们切片中心处的损失为 ${span(s.centres, (v) => v.toFixed(3))}，是在一个固定的、由 ${s.batches.join(' 或 ')} 张训练图像组成的批上测得的`,
  centreLosses: (items) => list(items.map((c) => `${c.loss.toFixed(3)}（${netName(c.net)}）`)),
  noCornerPair: (depth: number) => `我们没有可供比较的一对 ${depth} 层切片。`,
  cornerRise: (c) => {
    const times = (v: number[]) => (v.length > 1 ? `${Math.round(Math.min(...v))} 到 ${Math.round(Math.max(...v))} 倍` : `${Math.round(v[0]!)} 倍`);
    const higher = c.higher === 'residual' ? `在每个方向种子中，ResNet-${c.depth} 的切片都升得更高` : c.higher === 'plain' ? `在每个方向种子中，plain-${c.depth} 的切片都升得更高` : '没有哪一个在每个方向种子中都升得更高';
    const abs = ({ corners: v, centre }: typeof c.plainCorners) => `${v.length > 1 ? `${Math.min(...v).toFixed(1)} 到 ${Math.max(...v).toFixed(1)}` : v[0]!.toFixed(1)}，中心处为 ${centre.toFixed(3)}`;
    return `在图的四角（沿两个方向均为 ±1），ResNet-${c.depth} 的损失是中心处的 ${times(c.residual)}，plain-${c.depth} 的是 ${times(c.plain)}（四角的平均损失：ResNet-${c.depth} 为 ${abs(c.residualCorners)}；plain-${c.depth} 为 ${abs(c.plainCorners)}）：${higher}。`;
  },

  singleLesions: (res, plain, chance) =>
    `从 ${netName(res.net)}（用种子 ${res.seed} 训练）的 ${res.deletable} 个块中删除一个，它的测试误差平均从 ${pct(res.intactError)} 升到 ${pct(res.meanSingle)}（最坏：${res.worst.block}，${pct(res.worst.error)}）；从 ${netName(plain.net)} 的 ${plain.deletable} 个可删除的块中删除一个，误差平均从 ${pct(plain.intactError)} 升到 ${pct(plain.meanSingle)}（危害最小：${plain.best.block}，${pct(plain.best.error)}），而总是回答同一个类别会得到 ${pct(chance)}。`,
  noDownsampling: (net: string) => `${netName(net)} 没有可以删除的下采样块。`,
  downsampling: (f, top) => {
    const ds = f.downsampling;
    const items = ds.map((d) => `${d.block}（${pct(d.error)}，在 ${f.deletable} 个中排第 ${d.rank}）`).join('和 ');
    const verdict = top
      ? '它们是危害最大的删除，这正是对仅有的捷径不是恒等映射的块所预期的'
      : `${f.worst.changesShape ? '其中一个是危害最大的删除，但不是两个都是' : `危害最大的删除是 ${f.worst.block}（${pct(f.worst.error)}），一个保持形状不变的块`}：在这个网络中，下采样块并不是删除后危害最大的块`;
    return `在 ${netName(f.net)} 中，删除下采样块 ${items}，得到的是${ds.length > 1 ? '这些误差以及它们' : '这个误差以及它'}在所有单块删除中的排名；${verdict}。`;
  },
  noRandomLesions: (net: string) => `${netName(net)} 没有随机损伤的记录。`,
  kCurve: (k) => {
    const pm = (p: typeof k.first) => `k = ${p.k} 时的 ${pct(p.mean)}${p.se > 0 ? ` ± ${points(p.se)}` : ''}`;
    const spread = k.spreadAt ? `；在 k = ${k.spreadAt.k} 时，它的 ${k.spreadAt.draws} 次抽样从 ${pct(k.spreadAt.min)} 到 ${pct(k.spreadAt.max)} 不等` : '';
    const whole = k.all ? `（在 k = ${k.last.k} 时所有可删除的块都已删除，所以每次抽样都是同一组块）` : '';
    const verdict = k.beyond ? `上升了 ${points(k.rise)} 个百分点，超过 3 个标准误差` : `变化了 ${points(k.rise)} 个百分点，在 3 个标准误差之内，所以我们不认为它上升了`;
    return `随机删除 ${netName(k.net)} 的 k 个块时，平均误差从 ${pm(k.first)} 变为 ${pm(k.last)}${whole}（均值 ± 标准误差，基于${k.draws !== null ? ` ${k.draws} 次` : '各次'}对删除哪些块的抽样，一个训练好的网络）：${verdict}${spread}。`;
  },
  lesionOverlap: (res, plain, depth: string) =>
    res.worst.error < plain.best.error
      ? `在 ${depth} 层时两者没有重叠：${netName(res.net)} 危害最大的单块删除（${res.worst.block}，${pct(res.worst.error)}）留下的误差，仍低于 ${netName(plain.net)} 危害最小的单块删除（${plain.best.block}，${pct(plain.best.error)}）。`
      : `在 ${depth} 层时两者有重叠：删除 ${netName(res.net)} 危害最大的块（${res.worst.block}，${pct(res.worst.error)}）比删除 ${netName(plain.net)} 危害最小的块（${plain.best.block}，${pct(plain.best.error)}）损害更大。`,

  noPreactPair: (metric, examples) =>
    `我们还没有哪个种子同时完成了后激活和预激活运行，所以对${metric === 'train' ? '最终训练误差（对最后若干小批量做了平滑）' : `最后一步的测试误差（${examples.toLocaleString('en')} 张测试图像）`}不作任何结论。`,
  preact: (g) => {
    const what = g.metric === 'train' ? '最终训练误差（对最后若干小批量做了平滑）' : `最后一步的测试误差（${g.examples.toLocaleString('en')} 张测试图像）`;
    const of = g.n === 1 ? '我们唯一的一个种子' : `${g.n} 个种子的均值`;
    const head = `在${what}上，预激活网络最终为 ${pct(g.preMean)}，后激活网络为 ${pct(g.postMean)}（${of}）`;
    const se = g.samplingError !== null ? `（在 ${g.examples.toLocaleString('en')} 张图像上测得的单个测试误差，本身就有约 ${points(g.samplingError)} 个百分点的抽样误差）` : '';
    if (g.n === 1) return `${head}：差距为 ${signedPoints(g.meanGap)} 个百分点（预激活 − 后激活），仅凭一个种子无法把它与种子间的波动区分开${se}。`;
    const perSeed = `每个种子 ${signedPoints(Math.min(...g.gaps))} 到 ${signedPoints(Math.max(...g.gaps))} 个百分点，预激活 − 后激活`;
    const verdict =
      g.verdict === 'signs'
        ? '，所以差距的符号并非在每个种子中都相同，我们不认为两者有差别'
        : g.verdict === 'spread'
          ? `；这并不大于单一设计在种子间的离散程度（${points(g.seedSpread)} 个百分点），所以我们不认为两者有差别`
          : '';
    const word = g.meanGap < 0 ? '低' : '高';
    return `${head}；${inHowMany(g.agree, g.n, '种子')}，预激活${g.agree === g.n ? '都' : ''}更${word}，平均${word} ${points(Math.abs(g.meanGap))} 个百分点（${perSeed}）${verdict}${se}。`;
  },
  noZeroInitPair: (depth: number) => `我们没有哪个种子的 ResNet-${depth} 同时在使用和不使用零 γ 初始化的情况下训练过。`,
  zeroInit: (z) => {
    const recipe = z.recipeSeeds.length === 1 ? `仅训练方案的种子 ${z.recipeSeeds[0]}` : `训练方案的种子 ${list(z.recipeSeeds)}`;
    const head = `使用零 γ 初始化时，ResNet-${z.depth} 的最终训练误差为 ${pctRange(z.zero)}（${recipe}）；不使用时为 ${pct(z.withoutMean)}（${seedsZh(z.withoutSeeds)}）`;
    const direction = z.gap < 0 ? '不使用初始化时更低' : '不使用初始化时更高';
    const oneWithout = z.n === 1 ? '，不过不使用初始化的运行只有一个种子' : '';
    const size = z.beyond
      ? `：差距为 ${points(Math.abs(z.gap))} 个百分点，${direction}，约为两组中较大的种子间离散程度（${points(z.spread)} 个百分点）的 ${Math.round(Math.abs(z.gap) / z.spread)} 倍${oneWithout}`
      : `：差距为 ${points(Math.abs(z.gap))} 个百分点，${direction}，${z.n === 1 ? '仅凭一次不使用初始化的运行' : '凭这些种子'}无法把它与种子间的波动区分开`;
    const runs = z.n === 1 ? '在我们唯一一次不使用它的运行中' : z.n === 2 ? '在两次不使用它的运行中' : `在全部 ${z.n} 次不使用它的运行中`;
    const trains =
      z.withoutBelowPlain === z.n
        ? `${runs}，ResNet-${z.depth} 的训练误差${all(z.n)}仍远低于 plain-${z.depth}（训练方案各种子上为 ${pctRange(z.plainNets)}）：这个网络并不需要从恒等映射开始。`
        : `不使用它时，只有${inHowMany(z.withoutBelowPlain, z.n, '配对种子')}，ResNet-${z.depth} 最终低于 plain-${z.depth}（${pctRange(z.plainNets)}）。`;
    const dirty = z.dirty ? '（“+dirty”：含有未提交的改动）' : '';
    const commits = `使用初始化的运行是在提交 ${z.commits.with.join('、')} 上完成的，不使用的运行是在提交 ${z.commits.without.join('、')} 上完成的${dirty}；两者之间训练代码有所改动，所以这是两个代码版本的运行之间的比较，而不是严格的消融实验。`;
    return `${head}${size}。${trains}${commits}`;
  },
  verdictNone: '还没有配对的种子',
  verdictTooFew: (n: number) => `${n === 1 ? '只有一个配对种子' : `只有 ${n} 个配对种子`}：太少，无法区分两种设计`,
  verdictLower: (n: number) => `在全部 ${n} 个配对种子中，预激活的训练误差和测试误差最终都更低`,
  verdictHigher: (n: number) => `在全部 ${n} 个配对种子中，预激活的训练误差和测试误差最终都更高`,
  verdictDisagree: (n: number) => `${n} 个配对种子在训练误差和测试误差上没有一致的方向`,

  seedList: (seeds: number[]) => (seeds.length === 0 ? '没有种子' : `种子 ${list(seeds)}`),
  intactErrors: (nets, examples: number) => `${nets.map((x) => `${netName(x.net)} ${pct(x.error)}`).join('、')}（${examples.toLocaleString('en')} 张图像）`,
  minutes: (range: string) => `${range} 分钟`,
};
