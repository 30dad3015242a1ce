/** The lab's settings in a link: `?gradient-flow.depth=110&gradient-flow.batchnorm=false` (controls by name). */
import type { ShareOptions } from '../shared/share-link';
import { DEPTHS, WIDTHS } from './series';

const SCHEMA = {
  depth: { kind: 'int', values: DEPTHS },
  width: { kind: 'int', values: WIDTHS },
  batchnorm: { kind: 'bool' },
  measure: { kind: 'enum', values: ['activations', 'weights'] },
  reference: { kind: 'int', values: [20, 56] },
} as const;

export const FLOW_LINK: ShareOptions<typeof SCHEMA> = { schema: SCHEMA };
