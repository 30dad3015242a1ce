import { defineMessages } from '../../i18n/messages';

/**
 * Words of the course pages (src/pages/courses, rendered for zh-CN by src/pages/zh-cn/courses) in each language.
 * A page's own strings cannot live beside it in src/pages (every .ts file there is a route), so they live here.
 */
export const strings = defineMessages(
  {
    coursesTitle: 'Courses',
    coursesDescription: 'Instructors’ own sequences of the lessons, with their notes and exercises.',
    coursesIntro:
      'A course is an instructor’s own order of this site’s lessons, with notes for each lesson and exercises of their own. To add one, see ',
    addACourse: 'Add a course',
    inTheAuthoringGuide: ' in the authoring guide.',
    /** The authoring guide's heading id for "Add a course" in this language. */
    addACourseAnchor: 'add-a-course',
    noCourses: 'There are no courses in English yet.',
    lessonCount: (n: number) => `${n} ${n === 1 ? 'lesson' : 'lessons'}`,
    /** A page's description when the course has none. */
    courseOfTerm: (title: string, term: string) => `${title}, ${term}`,
    lessons: 'Lessons',
    lessonsInThisCourse: 'Lessons in this course',
    printableSyllabus: 'Printable syllabus',
    allCourses: 'All courses',
    siteHome: 'Site home',
    courseSequence: 'Course sequence',
    lessonOf: (k: number, n: number) => `Lesson ${k} of ${n}`,
    instructorsNote: 'Instructor’s note',
    noteFrom: (instructor: string) => `Note from ${instructor}`,
    alsoOnItsOwn: 'This lesson is also on its own at ',
    alsoOnItsOwnEnd: '.',
    syllabusOf: (title: string) => `${title}: syllabus`,
    backToCourse: '← Back to the course',
  },
  {
    coursesTitle: '课程',
    coursesDescription: '教师自己安排的课程章节序列，附有他们的讲解和练习。',
    coursesIntro: '一门课程是教师按自己的顺序安排的本站课程章节，每章附有讲解，还有教师自己的练习。要添加一门课程，请看写作指南中的',
    addACourse: '添加一门课程',
    inTheAuthoringGuide: '一节。',
    addACourseAnchor: '添加一门课程',
    noCourses: '还没有中文课程。',
    lessonCount: (n: number) => `${n} 章`,
    courseOfTerm: (title: string, term: string) => `${title}，${term}`,
    lessons: '课程章节',
    lessonsInThisCourse: '本课程的章节',
    printableSyllabus: '可打印的教学大纲',
    allCourses: '全部课程',
    siteHome: '网站首页',
    courseSequence: '课程顺序',
    lessonOf: (k: number, n: number) => `第 ${k} 章，共 ${n} 章`,
    instructorsNote: '教师的讲解',
    noteFrom: (instructor: string) => `${instructor}的讲解`,
    alsoOnItsOwn: '这一章也可以单独阅读：',
    alsoOnItsOwnEnd: '。',
    syllabusOf: (title: string) => `${title}：教学大纲`,
    backToCourse: '← 返回课程',
  },
);
