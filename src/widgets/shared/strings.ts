/**
 * The shared widget parts' own words: the "Copy link" row and its note about what a link restored or ignored
 * (share-link.ts, url-state.ts, parts/ShareLink.astro), and how a saved model is named (saved-model.ts).
 */
import { defineMessages } from '../../i18n/messages';

export const strings = defineMessages(
  {
    // parts/ShareLink.astro and share-link.ts
    copyLink: 'Copy link',
    copyLinkTitle: "A link to this page with this widget's current settings",
    linkField: 'Link to these settings',
    linkCopied: 'Link copied.',
    copyByHand: 'Copy this link (Ctrl+C or ⌘C).',
    restored: (fields: string) => `Settings restored from the link (${fields}).`,
    ignored: (what: string) => `Ignored from the link: ${what}.`,
    listSeparator: ', ',
    rejectedSeparator: '; ',
    rejected: (field: string, raw: string, reason: string) => `${field}=${raw} (${reason})`,
    // url-state.ts: why a value from a link was not used
    notOfferedHere: 'not offered here',
    notASetting: 'not a setting of this widget',
    notWholeNumber: 'not a whole number',
    notNumber: 'not a number',
    notTrueOrFalse: 'not true or false',
    notBetween: (min: number, max: number) => `not between ${min} and ${max}`,
    lessThan: (min: number) => `less than ${min}`,
    moreThan: (max: number) => `more than ${max}`,
    notOneOf: (values: string) => `not one of ${values}`,
    notOneOfChoices: 'not one of the choices',
    itemIs: (item: string, reason: string) => `${item} is ${reason}`,
    fewerItems: (n: number) => `fewer than ${n} items`,
    empty: 'empty',
    // url-state.ts describeField: what a field accepts
    or: (first: string, last: string) => `${first} or ${last}`,
    wholeNumber: (bounds: string) => `a whole number${bounds}`,
    aNumber: (bounds: string) => `a number${bounds}`,
    fromTo: (min: number, max: number) => ` from ${min} to ${max}`,
    atLeast: (min: number) => ` ≥ ${min}`,
    atMost: (max: number) => ` ≤ ${max}`,
    trueOrFalse: 'true or false',
    commaSeparated: (each: string) => `comma-separated, each ${each}`,
    // saved-model.ts
    savedModelData:
      'trained in this browser by the degradation lab on the Fashion-MNIST subset’s training images (less the 10 % it holds out for validation), the step with the lowest validation error kept',
    noIndexedDb: 'this browser offers no IndexedDB here',
    savedOn: (day: string) => `, saved ${day}`,
    savedModel: (net: string, step: string, error: string, when: string) => `${net} (step ${step}, validation error ${error} %${when})`,
    yourNetwork: (description: string) => `your network: ${description}`,
    noneSaved: 'your network (none saved yet)',
    // tf-loader.ts describeBackend
    threads: (n: number) => `, ${n} threads`,
    skipped: 'skipped',
    failed: 'failed',
    attempt: (name: string, outcome: string, reason: string) => `${name} ${outcome}: ${reason}`,
    attempts: (list: string) => ` (${list})`,
  },
  {
    copyLink: '复制链接',
    copyLinkTitle: '指向本页、带有此交互组件当前设置的链接',
    linkField: '指向这些设置的链接',
    linkCopied: '链接已复制。',
    copyByHand: '请复制此链接（Ctrl+C 或 ⌘C）。',
    restored: (fields: string) => `已从链接恢复设置（${fields}）。`,
    ignored: (what: string) => `链接中被忽略的设置：${what}。`,
    listSeparator: '、',
    rejectedSeparator: '；',
    rejected: (field: string, raw: string, reason: string) => `${field}=${raw}（${reason}）`,
    notOfferedHere: '此处不提供该选项',
    notASetting: '不是此交互组件的设置',
    notWholeNumber: '不是整数',
    notNumber: '不是数字',
    notTrueOrFalse: '不是 true 或 false',
    notBetween: (min: number, max: number) => `不在 ${min} 与 ${max} 之间`,
    lessThan: (min: number) => `小于 ${min}`,
    moreThan: (max: number) => `大于 ${max}`,
    notOneOf: (values: string) => `不是 ${values} 之一`,
    notOneOfChoices: '不在可选值之中',
    itemIs: (item: string, reason: string) => `${item} ${reason}`,
    fewerItems: (n: number) => `少于 ${n} 项`,
    empty: '为空',
    or: (first: string, last: string) => `${first} 或 ${last}`,
    wholeNumber: (bounds: string) => `整数${bounds}`,
    aNumber: (bounds: string) => `数字${bounds}`,
    fromTo: (min: number, max: number) => `，从 ${min} 到 ${max}`,
    atLeast: (min: number) => ` ≥ ${min}`,
    atMost: (max: number) => ` ≤ ${max}`,
    trueOrFalse: 'true 或 false',
    commaSeparated: (each: string) => `以逗号分隔，每项为 ${each}`,
    savedModelData:
      '由退化实验室在本浏览器中训练，使用 Fashion-MNIST 子集的训练图像（留出其中 10 % 作为验证集），保留验证误差最低的那一步',
    noIndexedDb: '此浏览器在这里不提供 IndexedDB',
    savedOn: (day: string) => `，保存于 ${day}`,
    savedModel: (net: string, step: string, error: string, when: string) => `${net}（第 ${step} 步，验证误差 ${error} %${when}）`,
    yourNetwork: (description: string) => `你的网络：${description}`,
    noneSaved: '你的网络（尚未保存）',
    threads: (n: number) => `，${n} 个线程`,
    skipped: '已跳过',
    failed: '失败',
    attempt: (name: string, outcome: string, reason: string) => `${name} ${outcome}：${reason}`,
    attempts: (list: string) => ` (${list})`, // ASCII brackets: resnet50-classifier/results-view.ts reads the list between them
  },
);

export type SharedWords = (typeof strings)['en'];

/** The page's table in the browser; English where there is no document (unit tests, workers). */
export const sharedWords = (): SharedWords => (typeof document === 'undefined' ? strings.en : strings.here());
