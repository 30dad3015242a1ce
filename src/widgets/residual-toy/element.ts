/**
 * <residual-toy>: builds the toy's plain and residual stacks with the reader's seed and zero-init setting, trains them
 * in the page when the reader asks, and draws the target, both fits and the residual stack's H(x) − x with d3; the
 * status lines give each stack's error, output size and the gradient reaching its first block. tfjs loads on the
 * first press.
 */
import { axisX, axisY, lineMark, plot } from '../plots/marks';
import { plotArea, scale } from '../plots/layout';
import { ROLE } from '../plots/palette';
import { tableBodyRows } from '../plots/table';
import { Connection, role, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { TOY_LINK } from './link';
import { loadTf } from '../shared/tf-loader';
import { downloadBlob } from '../shared/download';
import type { BlockGradient, ResidualToy, ToyCurves } from './toy';
import { strings } from './strings';

/** The norm of the gradient over all of one block's weights and biases. */
function blockNorm(g: BlockGradient): number {
  return Math.hypot(g.hidden, g.output);
}

/** Root mean square. */
function rms(values: readonly number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
}

const LINES = [
  { key: 'target', label: 'target H(x)', color: ROLE.target, dash: '4 3' },
  { key: 'plain', label: 'plain stack', color: ROLE.plain, dash: '' },
  { key: 'residual', label: 'residual stack', color: ROLE.residual, dash: '' },
  { key: 'f', label: 'residual F(x) = H(x) − x', color: ROLE.residualFunction, dash: '2 2' },
] as const;

function values(c: ToyCurves, key: (typeof LINES)[number]['key']): number[] {
  return key === 'target' ? c.target : key === 'f' ? c.residual.residual : c.h[key];
}

function renderToyChart(c: ToyCurves, width = 560, height = 300): SVGSVGElement {
  const area = plotArea(width, height, { top: 10, right: 12, bottom: 30, left: 44 });
  const x = scale([-1, 1], [area.left, area.right]);
  const y = scale([-1.5, 1.5], [area.bottom, area.top], { clamp: true });
  return plot({
    width,
    height,
    attrs: { role: 'img', 'aria-label': strings.here().chartLabel },
    marks: [
      axisX(x, { at: y(0), ticks: 5, attrs: { class: 'axis' } }),
      axisY(y, { at: area.left, ticks: 6, attrs: { class: 'axis' } }),
      // A diverged stack (NaN or ±Infinity) draws no line rather than a false one at 0.
      ...LINES.map((l) =>
        lineMark(values(c, l.key), {
          x: (_, i) => x(c.xs[i]!),
          y: (v) => y(v),
          defined: (v) => Number.isFinite(v),
          stroke: l.color,
          strokeWidth: 2,
          dash: l.dash,
          attrs: { 'data-line': l.key },
        }),
      ),
    ],
  });
}

export class ResidualToyElement extends HTMLElement {
  #toy?: ResidualToy;
  #curves?: ToyCurves;
  #busy = false;

  #connection = new Connection();

  connectedCallback(): void {
    const signal = this.#connection.start();
    wireActions(this, { train: () => void this.#train(), reset: () => void this.#reset(), 'download-csv': () => void this.#download() }, signal);
    shareSettings(this, TOY_LINK, signal);
    // A new seed or a new initialisation is a new pair of stacks: show them at step 0.
    for (const name of ['zero-init', 'seed']) role(this, name).addEventListener('change', () => void this.#reset(), { signal });
    if (this.dataset.ready !== undefined) return; // moved in the DOM: keep the stacks
    this.#syncSettings();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
    this.#toy?.dispose();
    this.#toy = undefined;
  }

  /** The reader's settings: zero-init of every block's last layer (both stacks) and the seed. */
  #settings(): { zeroInit: boolean; seed: number } {
    return {
      zeroInit: role<HTMLInputElement>(this, 'zero-init').checked,
      seed: Number(role<HTMLSelectElement>(this, 'seed').value),
    };
  }

  #syncSettings(): void {
    const { zeroInit, seed } = this.#settings();
    this.dataset.zeroInit = String(zeroInit);
    this.dataset.seed = String(seed);
  }

  #status(text: string, signal = ''): void {
    role(this, 'status').textContent = text;
    role(this, 'signal').textContent = signal;
  }

  async #reset(): Promise<void> {
    if (this.#busy) return;
    this.#toy?.dispose();
    this.#toy = undefined;
    await this.#train(0);
  }

  async #train(total = 150): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.dataset.state = 'busy';
    const controls = [...this.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('.controls input, .controls select, .controls button')];
    const wasDisabled = controls.map((c) => c.disabled);
    for (const c of controls) c.disabled = true;
    const bar = this.querySelector('progress')!;
    try {
      if (!this.#toy) {
        this.#status(strings.here().loading);
        const [, mod] = await Promise.all([loadTf(), import('./toy')]);
        this.#syncSettings();
        this.#toy = new mod.ResidualToy({ ...mod.TOY_DEFAULTS, ...this.#settings(), blocks: Number(this.dataset.blocks ?? mod.TOY_DEFAULTS.blocks) });
      }
      bar.hidden = total === 0;
      for (let done = 0; done < total; done += 10) {
        // Yield before every chunk, the first included: the click that started training returns at once, and the
        // page answers input between chunks.
        await new Promise((r) => setTimeout(r, 0));
        this.#toy.train(10);
        bar.value = (done + 10) / total;
        await this.#draw();
      }
      await this.#draw();
      this.dataset.state = 'ready';
    } catch (err) {
      this.dataset.state = 'error';
      this.#status(strings.here().failed(err instanceof Error ? err.message : String(err)));
    } finally {
      bar.hidden = true;
      controls.forEach((c, i) => (c.disabled = wasDisabled[i]!));
      this.#busy = false;
    }
  }

  async #draw(): Promise<void> {
    const toy = this.#toy!;
    const c = (this.#curves = await toy.curves());
    const g = await toy.gradients();
    this.querySelector('.chart-holder')!.replaceChildren(renderToyChart(c));
    const t = strings.here();
    const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : t.diverged);
    const { zeroInit, seed } = toy.config;
    this.#status(
      t.status(toy.step, seed, zeroInit, fmt(c.loss.plain), fmt(c.loss.residual)),
      t.signal(fmt(rms(c.xs)), fmt(rms(c.h.plain)), fmt(rms(c.h.residual)), fmt(blockNorm(g.plain[0]!)), fmt(blockNorm(g.residual[0]!))),
    );
    this.dataset.step = String(toy.step);
    const rows = c.xs.map((_, i) => i).filter((i) => i % 8 === 0 || i === c.xs.length - 1);
    const columns = Array.from({ length: 5 }, () => ({ numeric: true }));
    this.querySelector('tbody')!.replaceChildren(
      ...tableBodyRows(columns, rows.map((i) => [c.xs[i]!, c.target[i]!, c.h.plain[i]!, c.h.residual[i]!, c.residual.residual[i]!].map(fmt))),
    );
    this.querySelector<HTMLButtonElement>('button[data-action="download-csv"]')!.disabled = false;
  }

  async #download(): Promise<void> {
    if (!this.#curves) return;
    const { toyCsv } = await import('./toy');
    downloadBlob(toyCsv(this.#curves), 'residual-toy.csv');
  }
}

if (!customElements.get('residual-toy')) customElements.define('residual-toy', ResidualToyElement);
