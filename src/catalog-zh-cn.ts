/**
 * The widget catalog's prose in Simplified Chinese: each entry's summary and its props' descriptions, by the entry's
 * id (its file name in src/catalog). scripts/check-i18n.ts fails the build when an entry or a prop is missing here.
 */
export interface CatalogTranslation {
  summary: string;
  /** Prop name → description. */
  props?: Record<string, string>;
}

export const catalogZhCn: Record<string, CatalogTranslation> = {
  'architecture-explorer': {
    summary:
      '一棵可展开的树，列出网络的 stem、各阶段、各块和各层，附带形状、参数量和乘加运算量，每行所占份额的条形图，一张完整的数据表和 CSV 导出。',
    props: {
      arch: '显示模型库中的哪个构建函数。',
      options:
        "构建函数的选项，例如 { strideOn: '1x1' }；cifarResNet 需要 { depth }。{ preActivation: true } 给出完整的预激活网络（He et al. 2016, Identity Mappings）；cifarResNet 还接受 { block: 'bottleneck' }，用于 164 这类 9n+2 的深度。",
      caption: '交互组件下方的一句话，说明要注意看什么。',
      expanded: "初始展开的行，按其 data-row id 给出，例如 ['layer3']。未知的 id 会使构建失败。",
    },
  },
  'block-delta-table': {
    summary:
      'ResNeXt-50 32×4d 减去 ResNet-50，逐块比较，由模型库在构建时计算：权重和乘加运算量，以及多出的乘加运算中由每个块的第一个 1×1 卷积贡献的部分。',
    props: { caption: '表格的标题。' },
  },
  cell: {
    summary:
      '一个可运行、可编辑的 JavaScript 单元格。同一页面上的单元格像笔记本一样共享顶层变量；tf、模型库和 display() 可直接使用，写了 transfer.… 的单元格会得到迁移学习库（src/model/transfer），命名空间为 transfer。',
    props: {
      code: '单元格的代码。在 MDX 中请改写为 ```js cell 代码块；remark 插件会把它逐字节转换成 <Cell code="…" />。课程章节、课程和目录页面已提供 Cell，无需导入。',
    },
  },
  'checked-answer': {
    summary:
      '读者在输入框中作答并立即检查的练习；数字在容差范围内即算正确（25.6M、2.5e7 和 25,557,032 都能识别），文字不区分大小写。它的插槽是一份详细解答，在答对或答错两次之后出现，默认折叠，点开才显示。',
    props: {
      question: '问题，写成一句话。',
      answer: '正确答案。它写在页面源代码里，所以这是自我检查，不是考试。',
      accept: '其他可接受的文字答案。',
      tolerance: '数字答案的相对容差（0.01 = 误差在 1 % 以内）。',
      unit: '数字答案在输入框后显示的单位。',
      hint: '答错或接近时显示的提示。',
    },
  },
  cite: {
    summary: '一条引用，链接到课程章节的参考文献列表。id 必须是该课程章节的参考文献之一（写在其 frontmatter 中），否则构建失败。',
    props: {
      id: '课程章节 frontmatter 中 references 列表里的参考文献 id，例如 he2016。',
      at: '章节、表格或图，例如 "§4.1"、"Table 3"、"Fig. 7"。',
    },
  },
  'degradation-lab': {
    summary:
      '在 Web Worker 中，用本站的 Fashion-MNIST 子集并排训练论文中的普通网络和残差网络（6n+2 层，选项 A 捷径连接，参数量相同），实时绘制训练误差和验证误差曲线（验证集是训练图像中固定的、分层抽取的 10 %，从不参与训练），并与提交的参考运行对照；可选快速设置或论文的训练方案（缩短版：800 步，预热，在第 400 和 600 步学习率 ÷10，残差网络零初始化）；先根据实测速度、再根据本次运行自身的速度估计所需时间；可暂停/继续/停止，附数据表、CSV 和 PNG 导出；在验证集上选出的最佳网络保存在 IndexedDB 中，只在测试集上测试一次，并可预测测试图像。',
    props: {
      depths: '初始勾选的深度（6n+2：8、20、32、44 或 56）。',
      steps: '每个网络初始的训练步数。',
      width: '第一阶段的滤波器数量（各阶段依次为 w、2w、4w）；参考运行使用 8。',
      caption: '实验室下方的一句话。',
    },
  },
  'evidence-claim': {
    summary:
      '关于已提交证据（损失曲面、损伤实验记录、后激活与预激活以及零 γ 的运行）的一句陈述，在构建时根据 JSON 写出：它随数据的方向而定，说明在多少个随机种子或方向上成立；当我们的网络没有表现出论文的发现时，也会如实说明。',
    props: {
      claim: '哪一条陈述（src/widgets/evidence/statements.ts）。',
      depth: '20 或 56：损失曲面或损伤实验陈述所涉及的网络深度。',
      grid: '损失曲面陈述：已提交网格每边的点数（56 层网络、方向种子 1 另有 21 的网格）。',
      net: 'k-curve：哪个网络。',
      blocks: 'path-share：统计其 2ⁿ 条路径的网络的残差块数。',
      from: 'path-share：统计的最短路径长度（经过的残差分支数）。',
      to: 'path-share：统计的最长路径长度（默认：全部）。',
    },
  },
  'evidence-table': {
    summary:
      '一张已提交证据的表格，在构建时由 JSON 生成，附 CSV 下载：每个损失曲面切片的汇总（中心损失、向下弯曲的点所占份额、低于随机猜测损失的点、局部极小值、角点上升），或按训练随机种子列出的后激活与预激活 ResNet-56 运行。',
    props: {
      table: '哪一张表。',
      caption: '表格下方的一句话。',
    },
  },
  'fig6-verdict': {
    summary:
      '一句由训练方案运行计算出的话：ResNet 论文 Fig. 6 的两幅图（就训练误差而言，更深的普通网络更差，更深的残差网络更好）是否在四个网络都齐全的每个随机种子中都成立，且每个差距都超出种子间的波动；或者哪一幅成立，或者为什么不作任何结论。',
  },
  'fine-tune-verdict': {
    summary:
      '一道关于已提交的迁移学习示例流程的练习：在新的测试图像上，微调 conv5_x 会不会胜过只训练分类头？读者在输入框中作答；答案和详细说明（逐个随机种子、在相同的测试图像上）在构建时由 src/data/transfer/sample-flow.json 计算得出。',
    props: { note: '在详细解答中，计算出的句子之后的附加文字。' },
  },
  'gradient-flow': {
    summary:
      '在浏览器中测量一个普通网络和一个残差网络（6n+2 层，初始权重相同）：梯度范数随深度的变化（宽度 8、16、32），每个 3×3 层响应的离散程度（ResNet 论文的 Fig. 7；带批归一化时在初始化阶段不绘制，因为那时它按构造就是平的），以及逐样本的破碎梯度相关性（批归一化处于推理模式，两个随机种子，数字列在图旁的表格中）；每幅图都附表格和 CSV 下载。读者按下按钮之前不加载任何东西。',
    props: {
      depth: '初始选中的深度；读者可以修改。',
      batchNorm: '网络初始时是否勾选批归一化。',
      width: '第一阶段初始选中的滤波器数量（w、2w、4w）；读者可以修改。取 8 可让 110 层在浏览器中也很快。',
      seed: '共享初始权重和所测批次的随机种子。',
      caption: '图下方的一句话。',
    },
  },
  'grouped-conv': {
    summary:
      '一个滑块，遍历 C → C 的 k×k 卷积的分组数，显示其权重、乘加运算量和连接方式，并实时验证分组卷积等于“拆分 → 卷积 → 拼接”，也等于使用块对角卷积核的普通卷积。代价表在构建时生成，不需要 JavaScript 也能显示。',
    props: {
      channels: '输入通道数 = 输出通道数；滑块提供它的每一个约数。最多取 64，连接图才清晰可读。',
      kernel: '卷积核大小 k。',
      size: '输出的高 = 宽，用于计算乘加运算量。',
      groups: '滑块的初始位置；必须整除 channels，否则构建失败。',
    },
  },
  'if-verdict': {
    summary:
      '仅当由已提交的 ResNet 与 ResNeXt 对比运行计算出的结论是给定值之一时，才渲染其内容，这样解读结果的文字就不会在数据变化之后依然留存。',
    props: { is: '显示内容所对应的结论（一个或多个）。' },
  },
  'lesion-study': {
    summary:
      '同一深度的一个残差网络和一个普通网络的已提交损伤实验（Veit et al. 2016）：删除单个块后的测试误差（完整网络的误差用虚线表示，下采样块加阴影，普通网络中不能删除的块标 ×），以及随机删除 k 个块后的平均误差及其范围；每张图都附表格和 CSV 下载。一个按钮可在浏览器中重新测量一个网络的单块损伤，并与记录比较；退化实验室保存在本浏览器中的网络也可以用同样的方式测量（没有保存的网络时，该选项会说明）。',
    props: {
      depth: '所显示的残差网络和普通网络的深度（它们的已提交记录在 src/data/lesions 中）。',
      blocks: '在浏览器内重新测量时，只测量前这么多个可删除的块（省略时测量全部）。',
      caption: '图下方的一句话。',
    },
  },
  'loss-landscape': {
    summary:
      '同一深度的一个普通参考网络和一个残差参考网络的损失曲面（Li et al. 2018）：训练好的权重周围、沿滤波器归一化的随机方向所取的训练损失二维切片（已提交），画成共用一个色标的两幅等高线图，另有沿一个轴穿过训练好的权重的一维曲线、一张表格、CSV 以及 PNG/SVG 下载。“计算”在 Web Worker 中生成新的切片（深度、网格、范围、方向种子），各点算出后逐步填入图中，显示进度、剩余时间并可取消；也可以计算退化实验室保存在本浏览器中的网络。',
    props: {
      depth: '首先显示（已提交记录在 src/data/landscapes 中）并默认计算的普通网络和残差网络的深度。',
      grid: '“计算”初始使用的网格：奇数，每边 5 到 41 个点（每个点是每个网络对 256 张图像的一次前向传播）。',
      span: '“计算”初始使用的 α 和 β 的范围 ±span（以每个滤波器自身的范数为单位）。',
      seed: '首先显示并默认计算的方向种子（种子 1 到 3 有已提交的结果）。',
      caption: '图下方的一句话。',
    },
  },
  'model-fact': {
    summary: '正文中的一个数字（参数量、乘加运算量、深度、某个阶段的形状），由模型库在构建时计算，因此文字不可能与代码不一致。',
    props: {
      arch: '构建函数的名称，与 StageTable 相同。',
      options: '构建函数的选项。',
      stat: '显示什么；stage-* 这几项需要 stage。',
      stage: 'stage-* 读取的阶段，例如 layer3。',
      format: '25.6M（short）或 25,557,032（exact）。',
    },
  },
  'path-lengths': {
    summary:
      '由 n 个残差块组成的网络中 2ⁿ 条路径的长度分布（Veit et al. 2016）：构建时绘制的二项分布条形图，可选地标出一个范围及其在全部路径中的份额，确切数目以表格和 CSV 给出。',
    props: {
      blocks: '残差块数 n（56 层 CIFAR 式网络有 27 个，110 层的有 54 个）。',
      from: '要标出的最短路径长度（需同时给出 to）。',
      to: '要标出的最长路径长度（需同时给出 from）。',
      caption: '图下方的一句话。',
    },
  },
  'predict-then-run': {
    summary: '一道练习。读者先提交一个预测（一个选项或一个数字），实验随之解锁；实验的单元格运行之后，预测和结果并排显示。',
    props: {
      question: '问题，写成一句话。',
      choices: '可供选择的选项（至少两个）；省略时改为让读者填一个数字。结果必须等于某个选项的 value。',
      result:
        '实验单元格定义的顶层变量，与预测进行比较。插槽中的交互组件也可以改为派发一个会冒泡的 experiment-result 事件，detail 为 { value }。',
      unit: '数字答案在输入框后显示的单位，例如 "million parameters"。',
      tolerance: '数字答案偏差多少仍算正确，按相对值计（0.1 = 误差在 10 % 以内）。',
    },
  },
  'residual-toy': {
    summary:
      '在浏览器中并排训练一叠普通块和一叠残差块（He 初始化相同），去拟合一个接近恒等映射的函数，并在两种拟合旁画出残差堆叠学到的 F(x) = H(x) − x。读者可以切换每个块最后一层的零初始化（两叠同时），并选择随机种子；状态行给出每一叠的误差、输出大小和第一个块的梯度。',
    props: {
      blocks: '每一叠中的块数。',
      zeroInit: '初始时是否在两叠中都打开每个块最后一层的零初始化（读者可以切换）。',
      seed: '初始的随机种子，1 到 8（读者可以另选）。',
      caption: '交互组件下方的一句话，说明要注意看什么。',
    },
  },
  'resnet50-classifier': {
    summary:
      '在 Web Worker 中用 ImageNet 上预训练的 ResNet-50 对读者自己的照片（文件、拖放、粘贴、摄像头或示例图片）进行分类，给出 top-5 类别、类激活图（CAM）和耗时。只在第一次使用时下载约 26 MB 的权重。',
    props: {
      samples: '一键使用的示例照片（src 位于 public/ 下，以及 title、alt、width、height、credit）。',
      caption: '交互组件下方的一句话，说明可以尝试或注意什么。',
    },
  },
  'resnext-comparison': {
    summary:
      "已提交的 ResNet 与 ResNeXt 对比运行的配对比较，在构建时计算：每个随机种子下两个网络在相同图像上的测试误差、只有其中一个答对的图像以及精确的 McNemar p 值；跨种子的平均差异及其波动和结论。设置 reveal 时，结果隐藏在一个按钮后面，点击后把结论报告给外层的 PredictThenRun（值为 'the ResNeXt'、'the ResNet' 或 'neither: a tie'）。",
    props: {
      reveal:
        "在读者点击之前隐藏结果；点击会派发 experiment-result，结论的措辞为 'the ResNeXt'、'the ResNet' 或 'neither: a tie'。",
    },
  },
  'run-chart': {
    summary:
      '把已提交的 ResNet 与 ResNeXt 对比运行画成图，在构建时绘制（不需要 JavaScript）：每个随机种子下两个网络平滑后的训练误差，以及每个最终网络在最后一步的测试误差（画成点）；数字以表格和 CSV 下载给出。',
    props: { caption: '图的标题。' },
  },
  'run-claim': {
    summary:
      '关于我们的退化参考运行的一条结论，在构建时根据运行文件写出：两个网络中哪一个最终的训练误差更低，在多少个随机种子中如此，平均以及跨种子相差多少；当缺少种子、两者持平、或差距在一个网络的种子间波动范围以内时，它会如实说明。',
    props: {
      a: '这句话所说的网络，例如 plain-56。',
      b: '与之比较的网络，例如 plain-20。',
      claim: '在 data-holds 中统计的论断（a 最终更高还是更低）；句子本身随数据的方向而定。',
      family: '读取哪一组运行。',
      familyB: '从另一组运行中读取 b，按随机种子逐一配对（用于消融实验）。',
      labels: '当默认名称（plain-56、ResNet-56）不够用时，句子如何称呼 a 和 b。',
    },
  },
  'run-fact': {
    summary:
      '已提交的某次退化参考运行（src/data/runs，每个随机种子一个文件）中的一个数字，在构建时渲染，因此课程章节不可能与 JSON 不一致：某一步的误差、参数量、批大小、耗时。',
    props: {
      stat:
        '显示什么。train-error 在运行的窗口上做了平滑；train-set-error 是最终网络在全部训练图像上的误差（使用滑动平均统计量）；test-error 使用批统计量，test-error-inference 使用滑动平均统计量。未训练完成的网络会使构建失败。',
      net: '网络，例如 plain-56 或 res-20；误差类统计和 params 需要它。运行中没有的名称会使构建失败。',
      step: '误差类统计读取的步（默认：最后一步）；测试误差每 100 步记录一次。',
      seed: '读取哪一次已提交的运行（src/data/runs 中每个随机种子一个文件）；seeds 给出共有几个。',
      family:
        '哪一组运行：recipe（论文的训练方案，缩短版：分段学习率调度、预热、零 γ 残差块，深度 20 和 56，三个随机种子）或 quick（恒定学习率训练 500 步，深度 20、32 和 56，两个随机种子）。',
    },
  },
  'run-number': {
    summary:
      '来自已提交的 ResNet 与 ResNeXt 对比运行（每个网络、每个随机种子一个文件）的一个数字或一句话，在构建时由 JSON 渲染；`verdict` 是根据配对比较计算出的结论。',
    props: {
      stat: '显示什么；params、macs、label 和 test-error-mean 需要 net。差距是 ResNeXt 相对于 ResNet 而言的。',
      net: '两个网络中的哪一个，用于按网络的统计。',
    },
  },
  'run-prediction': {
    summary:
      '一道关于我们的参考运行的练习：读者预测两个网络中哪一个最终的训练误差更低（或者都不是），然后检查；答案和详细说明在构建时由运行文件计算得出。',
    props: {
      a: '一个网络，例如 res-20。',
      b: '另一个网络，例如 res-56。',
      family: '由哪一组运行给出答案。',
      setting: '问题的开头，点明是哪些运行，例如 "With the paper\'s recipe, shortened"。',
    },
  },
  scorecard: {
    summary:
      'ResNet 论文的 CIFAR-10 Table 6（测试误差和参数量）与我们在 Fashion-MNIST 上的退化参考运行并列，并注明我们的规模。论文一栏照表格录入；我们的一栏来自已提交的 JSON 和模型库。',
    props: {
      family: '用我们的哪一组运行填写右侧各列；只有当每个随机种子中该网络都已训练完成时，这一行才会填写。',
    },
  },
  solution: {
    summary: '一份详细解答或提示，在读者打开之前保持折叠（一个普通的 details 元素，因此不需要 JavaScript，用键盘也能操作）。',
    props: { label: '用于展开它的控件上的文字。' },
  },
  'split-transform-merge': {
    summary:
      'ResNeXt 的三种等价块形式（Xie et al., Fig. 3），由同一组权重实时构建：读者在参数量大致相同的前提下选择基数（cardinality）和宽度，交互组件运行这三种形式并显示它们的输出相差多少。各层列表在构建时生成。',
    props: {
      io: '块的输入和输出通道数（论文中 conv2 阶段的块为 256）。',
      size: '随机输入的高 = 宽。',
    },
  },
  'stage-table': {
    summary: '一张列出网络各阶段的表格，包括输出形状、参数量、乘加运算量以及每个阶段在计算量中所占的份额，在构建时计算。',
    props: {
      arch: '构建函数的名称（resnet18 … resnext101_32x8d），CIFAR 则用 resnet20、resnet56、resnet110。',
      options: "构建函数的选项，例如 { strideOn: '1x1' }。",
      caption: '表格的标题。',
    },
  },
  'tradeoff-table': {
    summary:
      '由模型库在构建时重新计算的 ResNeXt 论文 Table 2：对每个基数 C，给出使一个 256 维的块保持与 ResNet 大致相同参数量的瓶颈宽度 d，以及确切的权重数。',
    props: { caption: '表格的标题。' },
  },
  'transfer-learning': {
    summary:
      '教预训练的 ResNet-50 认识读者自己的类别：读者照片中的 2–10 个类别（文件、文件夹、拖放、粘贴）或一份 Fashion-MNIST 示例；池化后的 C5 特征在 Web Worker 中只提取一次并缓存在 IndexedDB 中；用分层抽取的验证集和早停训练一个新的 softmax 分类头（实时曲线、混淆矩阵），然后对一张新照片分类并给出其类激活图。模型以单个文件下载，也可以重新加载。任何数据都不会离开设备。',
    props: {
      samplePerClass: '一键 Fashion-MNIST 示例中每个类别的图像数（三个类别）。',
      epochs: '分类头训练的最多轮数（epoch）；早停（连续 15 轮验证损失没有降低）通常会更早结束。',
      caption: '交互组件下方的一句话，说明可以尝试或注意什么。',
    },
  },
};
