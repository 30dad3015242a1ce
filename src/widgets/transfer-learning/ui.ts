/** The parts of the widget's server-rendered markup the element uses (a missing one throws, naming it). */
import { part, role } from '../shared/element';
import type { ClassList } from './classes';
import { strings } from './strings';

export function findParts(root: HTMLElement) {
  const q = <T extends Element = HTMLElement>(s: string) => part<T>(root, s);
  const r = <T extends Element = HTMLElement>(name: string) => role<T>(root, name);
  return {
    classes: r<HTMLOListElement>('classes'),
    template: r<HTMLTemplateElement>('class-template'),
    addClass: q<HTMLButtonElement>('[data-action="add-class"]'),
    train: q<HTMLButtonElement>('[data-action="train"]'),
    sample: q<HTMLButtonElement>('[data-action="sample"]'),
    exportButton: q<HTMLButtonElement>('[data-action="export"]'),
    progress: r('progress'),
    progressBar: q<HTMLProgressElement>('[data-role="progress"] progress'),
    progressText: r('progress-text'),
    alert: r('error'),
    note: r('note'),
    hidden: r<HTMLInputElement>('hidden-layer'),
    finetune: r<HTMLInputElement>('finetune'),
    validation: q<HTMLSelectElement>('select[name="validation"]'),
    compare: r('compare'),
    curves: r('curves'),
    charts: r('charts'),
    curveTable: r('curve-table'),
    summary: r('summary'),
    confusion: r('confusion'),
    confusionTable: r('confusion-table'),
    tryArea: r('try'),
    tryInput: q<HTMLInputElement>('[data-role="try"] input[type="file"]'),
    tryHint: r('try-hint'),
    tryResult: r('try-result'),
    crop: q<HTMLCanvasElement>('canvas[data-role="crop"]'),
    cam: q<HTMLCanvasElement>('canvas[data-role="cam"]'),
    camCaption: r('cam-caption'),
    predictions: r<HTMLOListElement>('predictions'),
  };
}

export type Ui = ReturnType<typeof findParts>;

/** Brings the class cards in line with the list: new cards from the template, removed ones gone, counts, thumbnails. */
export function renderClasses<S>(ui: Ui, list: ClassList<S>, cards: Map<number, HTMLLIElement>, thumbs: { get(id: number): HTMLLIElement | undefined }): void {
  const t = strings.here();
  for (const [id, card] of cards) if (!list.get(id)) (card.remove(), cards.delete(id));
  for (const c of list.classes) {
    let card = cards.get(c.id);
    if (!card) {
      card = (ui.template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
      card.dataset.classId = String(c.id);
      cards.set(c.id, card);
    }
    // Moved only when out of place: moving a card would take the focus out of its name field.
    const at = ui.classes.children[list.classes.indexOf(c)] ?? null;
    if (at !== card) ui.classes.insertBefore(card, at);
    const name = part<HTMLInputElement>(card, 'input[name="class-name"]');
    if (name.value !== c.name) name.value = c.name;
    name.setAttribute('aria-label', t.nameOfClass(list.classes.indexOf(c) + 1));
    const n = c.images.length;
    role(card, 'count').textContent = t.images(n);
    part<HTMLButtonElement>(card, '[data-action="remove-class"]').disabled = !list.canRemove;
    part<HTMLButtonElement>(card, '[data-action="remove-class"]').setAttribute('aria-label', t.removeClassNamed(c.name));
    const shown = role(card, 'thumbs');
    for (const im of c.images) {
      const li = thumbs.get(im.id);
      if (li && li.parentElement !== shown) shown.append(li);
      // Written only when it changes: rewriting a thousand unchanged attributes after every batch restyles them all.
      const features = im.features ? 'yes' : 'no';
      if (li && li.dataset.features !== features) li.dataset.features = features;
    }
  }
  ui.addClass.disabled = !list.canAdd;
}
