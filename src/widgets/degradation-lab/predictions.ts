/**
 * The saved model's predictions as list items: each test image (28 × 28 grey pixels drawn on a canvas), the class
 * predicted with its softmax probability, and whether it was right.
 */
import type { PredictionsMessage } from './protocol';
import type { LabWords } from './series';
import { strings } from './strings';

/** `data-label`/`data-predicted` keep the manifest's English class names (hooks); the text is in the page's language. */
export function predictionItems(m: PredictionsMessage, t: LabWords = strings.en): HTMLLIElement[] {
  const name = (i: number) => t.className(m.classes[i] ?? String(i));
  return m.items.map((it) => {
    const li = document.createElement('li');
    li.dataset.label = m.classes[it.label];
    li.dataset.predicted = m.classes[it.predicted];
    li.dataset.correct = String(it.predicted === it.label);
    const canvas = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(28, 28);
    it.pixels.forEach((v, i) => img.data.set([v, v, v, 255], 4 * i));
    ctx.putImageData(img, 0, 0);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', t.imageLabel(it.index + 1, name(it.label)));
    const text = document.createElement('span');
    text.textContent = `${name(it.predicted)} (${Math.round(100 * it.probability)} %)`;
    const truth = document.createElement('span');
    truth.className = 'truth';
    truth.textContent = it.predicted === it.label ? t.right : t.isActually(name(it.label));
    li.append(canvas, text, truth);
    return li;
  });
}
