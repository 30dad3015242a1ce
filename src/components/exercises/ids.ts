/** Unique ids per page for exercise markup (labels, aria-describedby), counted on the page's Astro.locals. */
export function nextExerciseId(locals: object, kind: string): string {
  const store = locals as { exerciseCount?: number };
  store.exerciseCount = (store.exerciseCount ?? 0) + 1;
  return `${kind}-${store.exerciseCount}`;
}
