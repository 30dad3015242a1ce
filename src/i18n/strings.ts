import { defineMessages } from './messages';

/** The site's own words outside the widgets: sidebar, lesson frame (prerequisites, references), lists. */
export const strings = defineMessages(
  {
    home: 'Home',
    lessons: 'Lessons',
    scratchpad: 'Scratchpad',
    forInstructors: 'For instructors and authors',
    courses: 'Courses',
    catalog: 'Widget catalog',
    authoringGuide: 'Authoring guide',
    deployGuide: 'Deploying the site',
    readFirst: 'Read first:',
    references: 'References',
  },
  {
    home: '首页',
    lessons: '课程章节',
    scratchpad: '草稿本',
    forInstructors: '教师与作者',
    courses: '课程',
    catalog: '交互组件目录',
    authoringGuide: '写作指南',
    deployGuide: '部署本站',
    readFirst: '建议先读：',
    references: '参考文献',
  },
);
