/** The toy's settings in a link: `?residual-toy.seed=3&residual-toy.zero-init=true`. */
import type { ShareOptions } from '../shared/share-link';

const SCHEMA = { 'zero-init': { kind: 'bool' }, seed: { kind: 'int', min: 1, max: 8 } } as const;

export const TOY_LINK: ShareOptions<typeof SCHEMA> = {
  schema: SCHEMA,
  controls: { 'zero-init': '[data-role="zero-init"]', seed: '[data-role="seed"]' },
};
