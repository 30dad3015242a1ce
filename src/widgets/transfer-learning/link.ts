/**
 * The widget's training settings in a link (never the images): the optional hidden layer, fine-tuning conv5_x after
 * the head, and the share of each class held out for validation
 * (`?transfer-learning.hidden-layer=true&transfer-learning.finetune=true&transfer-learning.validation=30`).
 */
import type { ShareOptions } from '../shared/share-link';

/** The validation shares the widget offers, in percent of each class (at least one image per class either way). */
export const VALIDATION_PERCENTS = [10, 20, 30, 40] as const;

const SCHEMA = {
  'hidden-layer': { kind: 'bool' },
  finetune: { kind: 'bool' },
  validation: { kind: 'int', values: VALIDATION_PERCENTS },
} as const;

export const TRANSFER_LINK: ShareOptions<typeof SCHEMA> = {
  schema: SCHEMA,
  controls: { 'hidden-layer': '[data-role="hidden-layer"]', finetune: '[data-role="finetune"]', validation: 'select[name="validation"]' },
};
