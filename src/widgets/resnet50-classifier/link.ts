/**
 * The classifier's settings in a link: the backend to load the model on, and how the heat map is drawn
 * (`?resnet50-classifier.backend=wasm&resnet50-classifier.heatmap=false`).
 */
import type { ShareOptions } from '../shared/share-link';
import { requestedBackend } from '../shared/tf-loader';

const SCHEMA = {
  backend: { kind: 'enum', values: ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] },
  heatmap: { kind: 'bool' },
  opacity: { kind: 'int', min: 0, max: 100 },
} as const;

export const CLASSIFIER_LINK: ShareOptions<typeof SCHEMA> = {
  schema: SCHEMA,
  controls: { heatmap: '[data-role="cam-toggle"]', opacity: '[data-role="cam-opacity"]' },
};

/** The backend to ask for: the widget's own choice, else the page's `?backend=` (null: the automatic order). */
export function chosenBackend(root: Element): string | null {
  const choice = root.querySelector<HTMLSelectElement>('select[name="backend"]')?.value;
  return choice && choice !== 'auto' ? choice : requestedBackend();
}
