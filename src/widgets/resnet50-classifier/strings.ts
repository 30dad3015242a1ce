/**
 * Every word the classifier shows, in each language: the shell and its parts (.astro, at build time) and the element
 * with its results (browser). The messages about a reader's photo are shared with the transfer-learning widget
 * (../shared/photo/strings.ts). ImageNet's class names stay as the dataset spells them, in English, in both languages.
 */
import { defineMessages } from '../../i18n/messages';
import type { BackendReport } from '../../model/runtime/backend';

import { backendReasonInChinese as reasonZh } from '../shared/backend-zh';

/** The default sample photos' titles and descriptions in Chinese, by their English ones (samples.ts). */
const SAMPLES_ZH: Record<string, string> = {
  Cat: '猫',
  Coffee: '咖啡',
  Rocket: '火箭',
  Cameraman: '摄影师',
  'Chelsea the cat, a tabby, looking to the side': '名叫 Chelsea 的虎斑猫，正望向一侧',
  'A cup of coffee on a saucer, seen from above, on a wooden table': '木桌上一只放在碟子上的咖啡杯，从上方俯拍',
  'A Falcon 9 rocket lifting off from its launch pad': '一枚正从发射台升空的猎鹰 9 号火箭',
  'Black-and-white photo of a man behind a camera on a tripod': '黑白照片：一名男子站在三脚架上的相机后面',
  'public domain': '公有领域',
  'Rachel Michetti (courtesy of Pikolo Espresso Bar)': 'Rachel Michetti（由 Pikolo Espresso Bar 提供）',
};
const sampleZh = (english: string) => SAMPLES_ZH[english] ?? english;

export const strings = defineMessages(
  {
    // ResNet50Classifier.astro
    modelText: (size: string) =>
      `The model: ResNet-50 with ImageNet weights, ${size} to download once; your browser keeps a copy. Your photos stay on this device.`,
    aboutSize: 'about 26 MB',
    backend: 'Backend',
    backendTitle: 'Which TensorFlow.js backend the model loads on (fixed once it has loaded)',
    automatic: 'automatic',
    cpuSlow: 'cpu (slow)',
    load: 'Load the model',
    downloading: 'Downloading the weights…',
    samplePhotos: 'Sample photos:',
    /** One credited sample: "cat by Stefan van der Walt (CC0)"; the title arrives lower-cased in English. */
    credit: (author: string, licence: string) => ` by ${author} (${licence})`,
    creditSeparator: '; ',
    viaSkimage: ', via scikit-image.',
    /** A sample's title or description (samples.ts), or a credit's author or licence. */
    sampleWord: (english: string) => english,
    // parts/InputsPanel.astro
    dropTitle: 'Drop a photo here',
    dropOr: 'or',
    chooseFile: 'choose a file',
    orPaste: ', or paste one (Ctrl+V / ⌘V)',
    samplesLabel: 'Sample photos',
    sampleButton: (title: string, alt: string) => `${title}: classify the sample photo, ${alt}`,
    useCamera: 'Use the camera',
    cameraPreview: 'Camera preview',
    takePicture: 'Take the picture',
    stopCamera: 'Stop the camera',
    // parts/ResultsPanel.astro
    seen: 'What the network saw',
    cropLabel: 'The 224 × 224 centre crop the network saw',
    camLabel: 'Class activation map',
    heatMap: 'Heat map',
    opacity: 'Opacity',
    less: 'less',
    moreEvidence: 'more evidence',
    top5: 'Top 5 of 1000 classes by softmax probability (not a calibrated confidence); pick one to see where it found the evidence',
    inside: 'Inside the network: the four most active channels of each stage’s output (C2–C5), bright = strong',
    timeWent: 'Where the time went',
    // element.ts
    cachedText:
      'The model: ResNet-50 with ImageNet weights. The weights are already on this device, so loading takes a moment and downloads nothing. Your photos stay on this device.',
    loadingStart: 'Loading ResNet-50: starting TensorFlow.js…',
    loadingFetch: 'Loading ResNet-50: fetching the weights…',
    loadingBuild: 'Loading ResNet-50: checking the weights and building the network…',
    notLoaded: 'The model could not be loaded.',
    loadFailed: (error: string) => `Could not load ResNet-50: ${error}. Nothing was kept on this device.`,
    fromDevice: (size: string) => `${size} of weights read from this device (downloaded on an earlier visit)`,
    downloaded: (size: string, kept: boolean) => `${size} of weights downloaded${kept ? ' and kept on this device for next time' : ''}`,
    mixed: (network: string, cached: string) => `${network} downloaded, ${cached} read from this device`,
    ready: (backend: string, where: string, cacheError: string | undefined) =>
      `ResNet-50 is ready on ${backend}: ${where}.${cacheError ? ` (Could not keep a copy: ${cacheError}.)` : ''}`,
    reading: 'Reading the picture…',
    loadingFirst: 'Loading the model first…',
    classifying: 'Classifying…',
    wentWrong: (error: string) => `Something went wrong with this picture: ${error}`,
    retry: 'Retry',
    cameraSnapshot: 'camera snapshot',
    noteSeparator: ' ',
    seenDetail: (w: number, h: number, source: string, resize: number, crop: number) =>
      `Your ${w} × ${h} ${source}, short side resized to ${resize}, centre ${crop} × ${crop} cut out.`,
    // results-view.ts
    showWhere: (label: string, pct: string) => `${label}, ${pct}. Show where the network found it.`,
    camAria: (label: string, where: string) => `Class activation map for “${label}”: strongest in the ${where} of the crop`,
    camCaption: (label: string, h: number, w: number, channels: number, where: string) =>
      `Heat map for “${label}”: at each of the ${h} × ${w} positions of C5, its ${channels} channels weighted by the classifier’s weights for this class (Zhou et al. 2016). Strongest in the ${where}. Its average plus the class’s bias is the class score: `,
    camLogit: (logit: string) => ` (the network’s logit: ${logit}).`,
    channel: (c: number) => `channel ${c}`,
    stageAria: (paper: string, conv: string, shape: string, channels: string) => `${paper} (${conv} output, ${shape}): channels ${channels}`,
    downloadWeights: 'Download weights',
    weightsFromCache: 'Weights from cache',
    checkBuild: 'Check + build model',
    warmup: 'Warm-up run',
    decodePhoto: 'Decode photo',
    resizeCrop: 'Resize + crop',
    inference: 'Inference',
    copyMaps: 'Copy out maps',
    yourChoice: ' (your choice, from ?backend=)',
    /** `others`: shared/tf-loader.ts `describeBackend(report)` with the chosen backend's name taken off. */
    backendLine: (_report: BackendReport, chosen: string, forced: string, reason: string | undefined, others: string) =>
      `Backend: ${chosen}${forced}. ${reason ? `${reason[0]!.toUpperCase()}${reason.slice(1)}.` : ''}${others ? ` Others: ${others}.` : ''}`,
    slow: (backend: string) =>
      ` That was slow for ${backend}, which usually means the browser emulates the graphics card in software; the CPU's WebAssembly backend is often several times faster there: `,
    reloadWasm: 'reload with ?backend=wasm',
    staysCached: ' (the weights stay cached).',
  },
  {
    modelText: (size: string) => `模型：带 ImageNet 权重的 ResNet-50，只需下载一次（${size}），浏览器会保留一份副本。你的照片留在这台设备上。`,
    aboutSize: '约 26 MB',
    backend: '后端',
    backendTitle: '模型在哪个 TensorFlow.js 后端上加载（加载后就固定了）',
    automatic: '自动',
    cpuSlow: 'cpu（慢）',
    load: '加载模型',
    downloading: '正在下载权重…',
    samplePhotos: '示例照片：',
    credit: (author: string, licence: string) => `，作者 ${author}（${licence}）`,
    creditSeparator: '；',
    viaSkimage: '。以上照片均来自 scikit-image。',
    sampleWord: sampleZh,
    dropTitle: '把照片拖到这里',
    dropOr: '或',
    chooseFile: '选择文件',
    orPaste: '，或者粘贴一张（Ctrl+V / ⌘V）',
    samplesLabel: '示例照片',
    sampleButton: (title: string, alt: string) => `${title}：对这张示例照片分类，${alt}`,
    useCamera: '使用摄像头',
    cameraPreview: '摄像头预览',
    takePicture: '拍照',
    stopCamera: '关闭摄像头',
    seen: '网络看到的画面',
    cropLabel: '网络看到的 224 × 224 中央裁剪图',
    camLabel: '类激活图',
    heatMap: '热力图',
    opacity: '不透明度',
    less: '较少',
    moreEvidence: '较多证据',
    top5: '按 softmax 概率排列的 1000 个类别中的前 5 名（不是经过校准的置信度）；选择一个，看看网络在哪里找到了证据',
    inside: '网络内部：每个阶段输出（C2–C5）中最活跃的四个通道，越亮越强',
    timeWent: '时间花在哪里',
    cachedText: '模型：带 ImageNet 权重的 ResNet-50。权重已经在这台设备上，所以加载只需片刻，不会下载任何东西。你的照片留在这台设备上。',
    loadingStart: '正在加载 ResNet-50：启动 TensorFlow.js…',
    loadingFetch: '正在加载 ResNet-50：获取权重…',
    loadingBuild: '正在加载 ResNet-50：校验权重并构建网络…',
    notLoaded: '无法加载模型。',
    loadFailed: (error: string) => `无法加载 ResNet-50：${error}。这台设备上没有保留任何东西。`,
    fromDevice: (size: string) => `从这台设备读取了 ${size} 权重（在之前的访问中下载）`,
    downloaded: (size: string, kept: boolean) => `下载了 ${size} 权重${kept ? '，并保存在这台设备上供下次使用' : ''}`,
    mixed: (network: string, cached: string) => `下载了 ${network}，从这台设备读取了 ${cached}`,
    ready: (backend: string, where: string, cacheError: string | undefined) =>
      `ResNet-50 已在 ${backend} 上就绪：${where}。${cacheError ? `（无法保存副本：${cacheError}。）` : ''}`,
    reading: '正在读取图片…',
    loadingFirst: '先加载模型…',
    classifying: '正在分类…',
    wentWrong: (error: string) => `处理这张图片时出了问题：${error}`,
    retry: '重试',
    cameraSnapshot: '摄像头快照',
    noteSeparator: '',
    seenDetail: (w: number, h: number, source: string, resize: number, crop: number) =>
      `你的 ${w} × ${h} ${source}，短边缩放到 ${resize}，裁出中央的 ${crop} × ${crop}。`,
    showWhere: (label: string, pct: string) => `${label}，${pct}。显示网络在哪里找到了它。`,
    camAria: (label: string, where: string) => `“${label}”的类激活图：在裁剪图的${where}最强`,
    camCaption: (label: string, h: number, w: number, channels: number, where: string) =>
      `“${label}”的热力图：在 C5 的 ${h} × ${w} 个位置上，各把它的 ${channels} 个通道按分类器对这个类别的权重加权（Zhou 等人，2016）。在${where}最强。它的平均值加上这个类别的偏置，就是该类别的得分：`,
    camLogit: (logit: string) => `（网络的 logit：${logit}）。`,
    channel: (c: number) => `通道 ${c}`,
    stageAria: (paper: string, conv: string, shape: string, channels: string) => `${paper}（${conv} 的输出，${shape}）：通道 ${channels}`,
    downloadWeights: '下载权重',
    weightsFromCache: '从缓存读取权重',
    checkBuild: '校验并构建模型',
    warmup: '预热运行',
    decodePhoto: '解码照片',
    resizeCrop: '缩放并裁剪',
    inference: '推理',
    copyMaps: '复制出特征图',
    yourChoice: '（你的选择，来自 ?backend=）',
    // The chosen backend's reason and the others' outcomes, as `describeBackend` lists them (threads are not shown).
    backendLine: (report: BackendReport, chosen: string, forced: string, reason: string | undefined, _others: string) => {
      const outcome = { skipped: '已跳过', failed: '失败' } as const;
      const others = report.attempts
        .filter((a) => a.outcome === 'skipped' || a.outcome === 'failed')
        .map((a) => `${a.name} ${outcome[a.outcome as 'skipped' | 'failed']}：${reasonZh(a.reason)}`);
      return `后端：${chosen}${forced}。${reason ? `${reasonZh(reason)}。` : ''}${others.length ? `其他：${others.join('；')}。` : ''}`;
    },
    slow: (backend: string) =>
      `这在 ${backend} 上算慢的，通常说明浏览器在用软件模拟显卡；在这种情况下，CPU 上的 WebAssembly 后端往往要快好几倍：`,
    reloadWasm: '用 ?backend=wasm 重新加载',
    staysCached: '（权重仍保留在缓存中）。',
  },
);
