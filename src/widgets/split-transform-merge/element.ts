/**
 * <split-transform-merge>: pick a (C, d) row of Table 2, then build ResNeXt's three block forms from one set
 * of random weights in tfjs and show how far apart their outputs are. tfjs loads on the first build.
 */
import { Connection, part, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { compareForms } from './check';
import { describeForms, formatDiff, tradeoffChoices, tradeoffCsv } from './forms';
import { downloadBlob } from '../shared/download';
import { strings } from './strings';

export class SplitTransformMergeElement extends HTMLElement {
  /** The page's words (<html lang>). */
  #t = strings.here();
  #busy = false;

  #connection = new Connection();

  connectedCallback(): void {
    const signal = this.#connection.start();
    const select = this.#q<HTMLSelectElement>('select');
    // In a link a row of Table 2 is written as the paper names it: `?split-transform-merge.block=8x14d`.
    const name = (value: string) => value.replace(':', 'x') + 'd';
    const names = tradeoffChoices(this.#io).map((c) => name(`${c.cardinality}:${c.width}`));
    const block = { get: () => name(select.value), set: (v: unknown) => void (select.value = String(v).replace(/d$/, '').replace('x', ':')) };
    shareSettings(this, { schema: { block: { kind: 'enum', values: names } }, controls: { block } }, signal);
    select.addEventListener('change', () => this.#describe(), { signal });
    wireActions(this, { build: () => void this.#build(), 'download-csv': () => this.#downloadCsv() }, signal);
    if (this.dataset.ready !== undefined) return; // moved in the DOM: keep what it shows
    this.#describe();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #q<T extends Element = HTMLElement>(selector: string): T {
    return part<T>(this, selector);
  }

  get #io(): number {
    return Number(this.dataset.io);
  }

  #choice(): { cardinality: number; width: number } {
    const [c, d] = this.#q<HTMLSelectElement>('select').value.split(':').map(Number);
    return { cardinality: c!, width: d! };
  }

  /** Rewrites the three forms' layer lists for the chosen C and d and clears stale results. */
  #describe(): void {
    const { cardinality, width } = this.#choice();
    for (const f of describeForms(this.#io, cardinality, width, this.#t)) {
      const row = this.#q(`[data-form="${f.id}"]`);
      row.querySelector('[data-out="name"]')!.textContent = f.name;
      row.querySelector('[data-out="layers"]')!.textContent = f.layers.join(' → ');
      row.querySelector('[data-out="ops"]')!.textContent = String(f.convOps);
      row.querySelector('[data-out="diff"]')!.textContent = '–';
    }
    this.#q('[data-out="status"]').textContent = '';
    delete this.dataset.state;
  }

  async #build(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    const button = this.#q<HTMLButtonElement>('[data-action="build"]');
    const select = this.#q<HTMLSelectElement>('select');
    button.disabled = true;
    select.disabled = true;
    const status = this.#q('[data-out="status"]');
    const { cardinality, width } = this.#choice();
    status.textContent = this.#t.building;
    this.dataset.state = 'running';
    try {
      const r = await compareForms(this.#io, cardinality, width, Number(this.dataset.size));
      this.#q('[data-form="a"] [data-out="diff"]').textContent = this.#t.reference;
      this.#q('[data-form="b"] [data-out="diff"]').textContent = formatDiff(r.diffAB);
      this.#q('[data-form="c"] [data-out="diff"]').textContent = formatDiff(r.diffAC);
      const worst = Math.max(r.diffAB, r.diffAC, r.diffBC);
      status.textContent = this.#t.formsResult(r.cardinality, r.width, r.backend, r.params.toLocaleString('en'), r.scale.toFixed(1), formatDiff(worst), Math.round(r.ms));
      this.dataset.maxDiff = String(worst);
      this.dataset.scale = String(r.scale);
      this.dataset.state = 'done';
    } catch (err) {
      status.textContent = this.#t.formsFailed(err instanceof Error ? err.message : String(err));
      this.dataset.state = 'error';
    } finally {
      this.#busy = false;
      button.disabled = false;
      select.disabled = false;
    }
  }

  #downloadCsv(): void {
    downloadBlob(tradeoffCsv(tradeoffChoices(this.#io)), `resnext-cardinality-width-${this.#io}.csv`);
  }
}

if (!customElements.get('split-transform-merge')) customElements.define('split-transform-merge', SplitTransformMergeElement);
