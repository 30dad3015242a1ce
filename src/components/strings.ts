/** The build-time components' own words (StageTable's headers, FineTuneVerdict's question, hint and notes). */
import { defineMessages } from '../i18n/messages';

export const strings = defineMessages(
  {
    // StageTable
    stage: 'Stage',
    blocks: 'Blocks',
    output: 'Output',
    parameters: 'Parameters',
    multiplyAdds: 'Multiply-adds',
    shareOfCompute: 'Share of compute',
    total: 'Total',
    // FineTuneVerdict
    quote: (name: string) => `“${name}”`,
    listSeparator: ', ',
    fineTuneQuestion: (classCount: number, classes: string, perClass: number, trained: number, lr: number, epochs: number) =>
      `The sample flow: ${classCount} Fashion-MNIST classes (${classes}), ${perClass} images each, of which ${trained} train and the rest validate. After the head is trained, will fine-tuning conv5_x as well (SGD with momentum at lr ${lr}, at most ${epochs} epochs, flips and shifts of the C4 maps as augmentation, kept only if it beats the head-only model on validation loss) raise accuracy on new test images? Answer yes, no, or “no clear difference” (a gain no larger than the seed-to-seed noise).`,
    fineTuneHint:
      'Think about how many numbers conv5_x holds and how many images are there to move them. Then look at what was measured, in the solution.',
    recordedWith: 'Recorded with',
    fineTuneCaveat: (testImages: number) =>
      `; each seed draws its own training images and split, and both models were
  chosen on validation loss, never on the test images. Fine-tuning falls back to the head-only model when no
  fine-tuned epoch beats it on validation, so what was measured is fine-tuning with that fallback, with these settings
  only. The seeds share one test set, so their spread leaves out how much ${testImages} other test images would move
  the numbers.`,
  },
  {
    stage: '阶段',
    blocks: '块数',
    output: '输出',
    parameters: '参数',
    multiplyAdds: '乘加运算',
    shareOfCompute: '计算量占比',
    total: '合计',
    quote: (name: string) => `“${name}”`,
    listSeparator: '、',
    fineTuneQuestion: (classCount: number, classes: string, perClass: number, trained: number, lr: number, epochs: number) =>
      `样例流程：${classCount} 个 Fashion-MNIST 类别（${classes}），每类 ${perClass} 张图像，其中 ${trained} 张用于训练，其余用于验证。分类头训练好之后，再微调 conv5_x（带动量的 SGD，学习率 ${lr}，最多 ${epochs} 轮，以 C4 特征图的翻转和平移作为数据增强，仅当它在验证损失上胜过只训练分类头的模型时才保留），能否提高在新测试图像上的准确率？请回答“是”、“否”或“没有明显差别”（增益不大于随机种子之间的噪声）。`,
    fineTuneHint: '想一想 conv5_x 有多少个参数，又有多少张图像来调整它们。然后在解答中看看实际测得了什么。',
    recordedWith: '记录命令：',
    fineTuneCaveat: (testImages: number) =>
      `；每个随机种子抽取各自的训练图像并划分验证集，两个模型都按验证损失选择，从不看测试图像。若没有任何微调后的轮次在验证集上胜过只训练分类头的模型，微调会回退到后者，所以测得的是带这种回退的微调，且仅限于这些设置。各随机种子共用同一个测试集，所以它们之间的差异不包括换用另外 ${testImages} 张测试图像时数字会变化多少。`,
  },
);
