import { describe, expect, test } from 'vitest';
import { courseSequence, noteParagraphs } from '../../src/lib/course-sequence';

const lessons = ['degradation', 'residual-learning', 'resnet-50'].map((id) => ({ id, title: `Title of ${id}`, description: `About ${id}` }));

describe('a course sequence', () => {
  test('keeps the instructor’s order, not the site’s, and links previous/next inside the course', () => {
    const steps = courseSequence('c', ['resnet-50', { lesson: 'degradation', notes: 'Read §1.' }], lessons);
    expect(steps.map((s) => [s.position, s.lesson.id, s.prev?.id ?? null, s.next?.id ?? null])).toEqual([
      [1, 'resnet-50', null, 'degradation'],
      [2, 'degradation', 'resnet-50', null],
    ]);
    expect(steps[0]!.notes).toEqual([]);
    expect(steps[1]!.notes).toEqual(['Read §1.']);
  });

  test('fails on a lesson that does not exist, naming it and the lessons there are', () => {
    expect(() => courseSequence('ml101', ['resnet-50', 'resnet-5O'], lessons)).toThrow(
      'Course "ml101" lists lesson "resnet-5O", which is not a lesson (known: degradation, residual-learning, resnet-50)',
    );
  });

  test('fails on a lesson listed twice', () => {
    expect(() => courseSequence('ml101', ['degradation', { lesson: 'degradation' }], lessons)).toThrow('lists lesson "degradation" twice');
  });
});

describe('instructor notes', () => {
  test('split into paragraphs on blank lines, with line breaks inside a paragraph joined', () => {
    expect(noteParagraphs('Read this\nbefore class.\n\n  Bring a question.  \n')).toEqual(['Read this before class.', 'Bring a question.']);
  });
  test('that are empty or blank give no paragraphs', () => {
    expect(noteParagraphs(undefined)).toEqual([]);
    expect(noteParagraphs(' \n\n ')).toEqual([]);
  });
});
