import { defineMessages } from '../../i18n/messages';

/** Words of the site's own pages (catalog, courses) in each language. */
export const strings = defineMessages(
  {
    catalogTitle: 'Widget catalog',
    catalogDescription: 'Every widget and component a lesson can use: its props, a live example and the MDX to paste.',
    catalogIntro:
      'Every widget and component a lesson or course can use. Each section shows the props, a live example and the MDX that produced it: paste it into a lesson (imports are relative to',
    catalogIntroAfterPath: ') and change the props. How to add a widget here is in the',
    authoringGuideLink: 'authoring guide',
    catalogIntroEnd: '.',
    /** The authoring guide's heading id for "Add a widget to the catalog" in this language. */
    addWidgetAnchor: 'add-a-widget-to-the-catalog',
    source: 'Source:',
    propsOf: (name: string) => `Props of ${name}`,
    prop: 'Prop',
    type: 'Type',
    default: 'Default',
    whatItDoes: 'What it does',
    required: 'required',
    liveExample: 'Live example',
    referencesOfExample: 'References of this example',
    mdxToPaste: 'MDX to paste',
    inALesson: (name: string) => `${name} in a lesson`,
  },
  {
    catalogTitle: '交互组件目录',
    catalogDescription: '课程可以使用的每个交互组件和组件：它的属性、一个在线示例和可直接粘贴的 MDX。',
    catalogIntro:
      '课程或课程安排可以使用的每个交互组件和组件。每一节列出属性、一个在线示例和生成它的 MDX：把它粘贴到课程中（导入路径相对于',
    catalogIntroAfterPath: '），再修改属性。如何把交互组件加入这里，见',
    authoringGuideLink: '写作指南',
    catalogIntroEnd: '。',
    addWidgetAnchor: '把交互组件加入目录',
    source: '源文件：',
    propsOf: (name: string) => `${name} 的属性`,
    prop: '属性',
    type: '类型',
    default: '默认值',
    whatItDoes: '作用',
    required: '必填',
    liveExample: '在线示例',
    referencesOfExample: '此示例的参考文献',
    mdxToPaste: '可粘贴的 MDX',
    inALesson: (name: string) => `课程中的 ${name}`,
  },
);
