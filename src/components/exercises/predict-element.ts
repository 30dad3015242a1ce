/**
 * <predict-then-run>: locks the experiment until the reader commits a prediction, then watches the cells in it.
 * When one finishes, reads the result variable from the page's notebook scope (cells share it) and shows the
 * prediction beside the result.
 */
import { notebook } from '../../widgets/notebook-cell/notebook';
import { comparePrediction, formatValue, parseNumber, type Prediction } from './check';
import { exerciseWords } from './strings';

const t = exerciseWords();

class PredictThenRun extends HTMLElement {
  #prediction: Prediction | null = null;
  #observer: MutationObserver | null = null;

  connectedCallback(): void {
    if (this.#observer) return;
    const form = this.#q<HTMLFormElement>('[data-role="form"]');
    // Without JavaScript the experiment stays visible; with it, the reader predicts first.
    this.#q('[data-role="experiment"]').hidden = true;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#commit(form);
    });
    this.#q('[data-action="again"]').addEventListener('click', () => this.#unlock(form));
    this.#observer = new MutationObserver((records) => {
      for (const r of records) {
        const cell = r.target as HTMLElement;
        if (cell.dataset.state === 'done') this.#readResult();
      }
    });
    this.#observer.observe(this.#q('[data-role="experiment"]'), { subtree: true, attributeFilter: ['data-state'] });
    this.addEventListener('experiment-result', (e) => this.#show((e as CustomEvent<{ value: unknown }>).detail.value));
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  #q<T extends HTMLElement = HTMLElement>(sel: string): T {
    const el = this.querySelector<T>(sel);
    if (!el) throw new Error(`predict-then-run: missing ${sel}`);
    return el;
  }

  #commit(form: HTMLFormElement): void {
    const status = this.#q('[data-role="prediction-status"]');
    let prediction: Prediction;
    if (this.dataset.kind === 'choice') {
      const picked = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
      if (!picked) {
        status.textContent = t.pickOne;
        return;
      }
      prediction = { kind: 'choice', value: picked.value };
    } else {
      const input = form.querySelector<HTMLInputElement>('input[name="value"]')!;
      const value = parseNumber(input.value);
      if (value === null) {
        status.textContent = t.notANumber(input.value);
        input.focus();
        return;
      }
      prediction = { kind: 'number', value };
    }
    this.#prediction = prediction;
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button[type="submit"]')) el.disabled = true;
    const again = this.#q<HTMLButtonElement>('[data-action="again"]');
    again.hidden = false;
    status.textContent = t.lockedIn(this.#describe(prediction));
    const experiment = this.#q('[data-role="experiment"]');
    experiment.hidden = false;
    // Keyboard users continue where the experiment starts: its first control.
    experiment.querySelector<HTMLElement>('button, textarea, input, select, [tabindex]')?.focus();
  }

  #unlock(form: HTMLFormElement): void {
    this.#prediction = null;
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button[type="submit"]')) el.disabled = false;
    this.#q('[data-action="again"]').hidden = true;
    this.#q('[data-role="experiment"]').hidden = true;
    this.#q('[data-role="compare"]').hidden = true;
    this.#q('[data-role="prediction-status"]').textContent = '';
    form.querySelector<HTMLInputElement>('input')?.focus();
  }

  #describe(p: Prediction): string {
    if (p.kind === 'choice') return this.#choiceLabel(p.value) ?? p.value;
    return formatValue(p.value);
  }

  /** The label of the choice whose value is `value` (a translated lesson labels English values in its language). */
  #choiceLabel(value: string): string | undefined {
    return this.querySelector<HTMLInputElement>(`input[type="radio"][value="${CSS.escape(value)}"]`)?.parentElement?.textContent?.trim();
  }

  #readResult(): void {
    const name = this.dataset.result ?? '';
    const value = notebook.scope[name];
    if (value === undefined) {
      this.#q('[data-role="prediction-status"]').textContent = t.resultMissing(name);
      return;
    }
    this.#show(value);
  }

  #show(value: unknown): void {
    if (!this.#prediction) return; // a result before any prediction (e.g. from "Run all" further down) is not compared
    const compare = this.#q('[data-role="compare"]');
    let summary: string;
    let verdict: string;
    try {
      ({ summary, verdict } = comparePrediction(this.#prediction, value, Number(this.dataset.tolerance ?? 0.1), t));
    } catch (err) {
      summary = err instanceof Error ? err.message : String(err);
      verdict = 'error';
    }
    this.#q('[data-role="predicted"]').textContent = this.#describe(this.#prediction);
    const choice = this.dataset.kind === 'choice' ? this.#choiceLabel(String(value)) : undefined;
    this.#q('[data-role="actual"]').textContent = choice ?? formatValue(value);
    this.#q('[data-role="summary"]').textContent = summary;
    compare.dataset.verdict = verdict;
    compare.hidden = false;
  }
}

if (!customElements.get('predict-then-run')) customElements.define('predict-then-run', PredictThenRun);
