import { defineMessages } from '../../i18n/messages';

/**
 * Words of the authoring guide's table of link settings (src/pages/guide/_LinkSettings.astro), in each language.
 * A page's own strings cannot live beside it in src/pages (every .ts file there is a route), so they live here.
 * The English "accepts" phrases read exactly as describeField (src/widgets/shared/url-state.ts) words them.
 */
export const strings = defineMessages(
  {
    caption: 'The settings each widget keeps in a link',
    regionLabel: 'Settings each widget keeps in a link',
    widget: 'Widget',
    key: 'Key',
    setting: 'Setting',
    accepts: 'Accepts',
    groups: 'a group count its slider offers (a divisor of channels)',
    block: 'a row of its menu, written as the paper does: 32x4d, 8x14d…',
    open: 'comma-separated row ids to open, as in its expanded prop: layer1,layer3.2',
    /** `a, b or c`. */
    or: (values: readonly (string | number)[]) =>
      values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : String(values[0]),
    fromTo: (min: number, max: number) => ` from ${min} to ${max}`,
    atLeast: (min: number) => ` ≥ ${min}`,
    atMost: (max: number) => ` ≤ ${max}`,
    wholeNumber: (bounds: string) => `a whole number${bounds}`,
    number: (bounds: string) => `a number${bounds}`,
    trueOrFalse: 'true or false',
    list: (each: string) => `comma-separated, each ${each}`,
  },
  {
    caption: '每个交互组件保存在链接中的设置',
    regionLabel: '每个交互组件保存在链接中的设置',
    widget: '交互组件',
    key: '键（key）',
    setting: '设置',
    accepts: '可取的值',
    groups: '滑块提供的一个分组数（channels 的约数）',
    block: '菜单中的一行，写法与论文相同：32x4d、8x14d……',
    open: '要展开的行的 id，以逗号分隔，与它的 expanded 属性相同：layer1,layer3.2',
    or: (values: readonly (string | number)[]) =>
      values.length > 1 ? `${values.slice(0, -1).join('、')} 或 ${values.at(-1)}` : String(values[0]),
    fromTo: (min: number, max: number) => `，${min} 到 ${max}`,
    atLeast: (min: number) => ` ≥ ${min}`,
    atMost: (max: number) => ` ≤ ${max}`,
    wholeNumber: (bounds: string) => `整数${bounds}`,
    number: (bounds: string) => `数字${bounds}`,
    trueOrFalse: 'true 或 false',
    list: (each: string) => `以逗号分隔，每一项为 ${each}`,
  },
);
