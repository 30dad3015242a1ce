/** Per-page instance numbers, so two widgets of a kind on one page get distinct element ids. Keyed by `Astro.locals`. */
const instances = new WeakMap<object, number>();

export function nextInstance(page: object): number {
  const n = (instances.get(page) ?? 0) + 1;
  instances.set(page, n);
  return n;
}
