/**
 * The lab's settings form (DegradationLab.astro) read into a LabConfig, and filled from a recipe. What the form does
 * not ask for is fixed here or comes from the page (width and seed).
 */
import { part } from '../shared/element';
import { type LabConfig, type Recipe, defaultEvalEvery } from './series';

/** Each evaluation uses the whole validation split. */
const VALIDATION_EXAMPLES = 1000;
/** Test images the saved model predicts, shown after the run. */
const PREDICTIONS = 24;

export function readForm(form: HTMLFormElement, page: { width: number; seed: number }): LabConfig {
  const f = new FormData(form);
  const steps = Number(f.get('steps'));
  return {
    depths: f.getAll('depth').map(Number),
    variants: f.getAll('variant').map(String) as LabConfig['variants'],
    steps,
    batchSize: Number(f.get('batch')),
    lr: Number(String(f.get('lr') ?? '').trim() || NaN),
    schedule: f.get('schedule') === 'step' ? 'step' : 'constant',
    zeroInit: f.get('zero-init') !== null,
    width: page.width,
    seed: page.seed,
    evalEvery: defaultEvalEvery(steps),
    evalExamples: VALIDATION_EXAMPLES,
    predictions: PREDICTIONS,
  };
}

/** Fills the form with a recipe's settings (the reader can still change any of them before starting). */
export function fillForm(form: HTMLFormElement, r: Recipe): void {
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name="depth"]')) box.checked = r.depths.includes(Number(box.value));
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name="variant"]')) box.checked = r.variants.includes(box.value as 'plain' | 'res');
  part<HTMLInputElement>(form, 'input[name="steps"]').value = String(r.steps);
  part<HTMLInputElement>(form, 'input[name="lr"]').value = String(r.lr);
  part<HTMLSelectElement>(form, 'select[name="batch"]').value = String(r.batchSize);
  part<HTMLSelectElement>(form, 'select[name="schedule"]').value = r.schedule;
  part<HTMLInputElement>(form, 'input[name="zero-init"]').checked = r.zeroInit;
}
