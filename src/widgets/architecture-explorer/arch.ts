/**
 * Which network an explorer shows, as lesson props name it. Runs at build time only (the .astro frontmatter), so the
 * builders never reach the browser: the page gets the finished report as JSON.
 */
import {
  cifarResNet,
  IMAGENET_BUILDERS,
  type CifarOptions,
  type ImageNetArch,
  type ImageNetOptions,
} from '../../model/builders';
import type { NetworkSpec } from '../../model/spec';

export type { ImageNetArch };
/** Every builder an explorer can show. */
export type ArchName = ImageNetArch | 'cifarResNet';

/** A builder and its options; `cifarResNet` needs at least `{ depth }`. */
export type ArchChoice = { arch: ImageNetArch; options?: ImageNetOptions } | { arch: 'cifarResNet'; options: CifarOptions };

export const ARCH_NAMES: readonly ArchName[] = [...(Object.keys(IMAGENET_BUILDERS) as ImageNetArch[]), 'cifarResNet'];

/** Build the chosen network. MDX props are not type-checked, so bad names and missing options fail here, loudly. */
export function buildArch(choice: ArchChoice): NetworkSpec {
  if (choice.arch === 'cifarResNet') {
    if (!choice.options || typeof choice.options.depth !== 'number') {
      throw new Error(`ArchitectureExplorer: arch "cifarResNet" needs options={{ depth: 20 }} (or 32, 44, 56, 110), got ${JSON.stringify(choice.options)}`);
    }
    return cifarResNet(choice.options);
  }
  if (!Object.hasOwn(IMAGENET_BUILDERS, choice.arch)) {
    throw new Error(`ArchitectureExplorer: unknown arch ${JSON.stringify(choice.arch)}; expected one of ${ARCH_NAMES.join(', ')}`);
  }
  return IMAGENET_BUILDERS[choice.arch](choice.options ?? {});
}

const instances = new WeakMap<object, number>();

/** A per-page serial for element ids, so two explorers on one page never share an id (and builds stay deterministic). */
export function nextInstance(page: object): number {
  const n = (instances.get(page) ?? 0) + 1;
  instances.set(page, n);
  return n;
}
