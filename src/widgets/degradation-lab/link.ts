/**
 * The lab's settings in a link: `?degradation-lab.depths=20,56&degradation-lab.lr=0.05`. The learning rate has no
 * upper bound on purpose: a rate that diverges is a lesson (see checkConfig). Width and seed come from the page.
 */
import type { ShareOptions } from '../shared/share-link';
import { LAB_DEPTHS } from './series';

const SCHEMA = {
  depths: { kind: 'list', of: { kind: 'int', values: LAB_DEPTHS } },
  nets: { kind: 'list', of: { kind: 'enum', values: ['plain', 'res'] } },
  steps: { kind: 'int', min: 1, max: 5000 },
  lr: { kind: 'number', min: 0 },
  batch: { kind: 'int', values: [32, 64, 128] },
  schedule: { kind: 'enum', values: ['constant', 'step'] },
  'zero-init': { kind: 'bool' },
  reference: { kind: 'bool' },
} as const;

export const LAB_LINK: ShareOptions<typeof SCHEMA> = {
  schema: SCHEMA,
  controls: { depths: 'input[name="depth"]', nets: 'input[name="variant"]' },
};
