/**
 * <residual-toy>: trains the toy's plain and residual stacks in the page when the reader asks, and draws the target,
 * both fits and the residual stack's learned H(x) − x with d3. tfjs loads on the first press.
 */
import { axisBottom, axisLeft, create, line, scaleLinear } from 'd3';
import { loadTf } from '../shared/tf-loader';
import type { ResidualToy, ToyCurves } from './toy';

const LINES = [
  { key: 'target', label: 'target H(x)', color: 'var(--sl-color-gray-3)', dash: '4 3' },
  { key: 'plain', label: 'plain stack', color: 'var(--residual-toy-plain)', dash: '' },
  { key: 'residual', label: 'residual stack', color: 'var(--residual-toy-residual)', dash: '' },
  { key: 'f', label: 'residual F(x) = H(x) − x', color: 'var(--residual-toy-f)', dash: '2 2' },
] as const;

function values(c: ToyCurves, key: (typeof LINES)[number]['key']): number[] {
  return key === 'target' ? c.target : key === 'f' ? c.residual.residual : c.h[key];
}

export function renderToyChart(c: ToyCurves, width = 560, height = 300): SVGSVGElement {
  const m = { top: 10, right: 12, bottom: 30, left: 44 };
  const x = scaleLinear().domain([-1, 1]).range([m.left, width - m.right]);
  const y = scaleLinear().domain([-1.5, 1.5]).range([height - m.bottom, m.top]).clamp(true);
  const svg = create('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', 'Target function, the plain and residual stacks’ fits, and the residual stack’s F(x)');
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${y(0)})`).call(axisBottom(x).ticks(5));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.left},0)`).call(axisLeft(y).ticks(6));
  const path = line<number>().x((_, i) => x(c.xs[i]!)).y((v) => y(Number.isFinite(v) ? v : 0));
  for (const l of LINES) {
    svg.append('path').attr('data-line', l.key).attr('d', path(values(c, l.key)) ?? '').attr('fill', 'none').attr('stroke', l.color).attr('stroke-width', 2).attr('stroke-dasharray', l.dash || null);
  }
  return svg.node()!;
}

export class ResidualToyElement extends HTMLElement {
  #toy?: ResidualToy;
  #curves?: ToyCurves;
  #busy = false;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.querySelector('button[data-action="train"]')?.addEventListener('click', () => void this.#train());
    this.querySelector('button[data-action="reset"]')?.addEventListener('click', () => void this.#reset());
    this.querySelector('button[data-action="download-csv"]')?.addEventListener('click', () => this.#download());
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#toy?.dispose();
    this.#toy = undefined;
  }

  #status(text: string): void {
    this.querySelector('[data-role="status"]')!.textContent = text;
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
    const bar = this.querySelector('progress')!;
    try {
      if (!this.#toy) {
        this.#status('Loading TensorFlow.js…');
        const [, mod] = await Promise.all([loadTf(), import('./toy')]);
        this.#toy = new mod.ResidualToy({ ...mod.TOY_DEFAULTS, blocks: Number(this.dataset.blocks ?? mod.TOY_DEFAULTS.blocks) });
      }
      bar.hidden = total === 0;
      for (let done = 0; done < total; done += 10) {
        this.#toy.train(10);
        bar.value = (done + 10) / total;
        await this.#draw();
        await new Promise((r) => setTimeout(r, 0));
      }
      await this.#draw();
      this.dataset.state = 'ready';
    } catch (err) {
      this.dataset.state = 'error';
      this.#status(`Something went wrong: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      bar.hidden = true;
      this.#busy = false;
    }
  }

  async #draw(): Promise<void> {
    const c = (this.#curves = await this.#toy!.curves());
    this.querySelector('.chart-holder')!.replaceChildren(renderToyChart(c));
    const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : 'n/a');
    this.#status(`Step ${this.#toy!.step}. Mean squared error: plain ${fmt(c.loss.plain)}, residual ${fmt(c.loss.residual)}.`);
    this.dataset.step = String(this.#toy!.step);
    const rows = c.xs.filter((_, i) => i % 8 === 0 || i === c.xs.length - 1).map((x) => c.xs.indexOf(x));
    this.querySelector('tbody')!.replaceChildren(
      ...rows.map((i) => {
        const tr = document.createElement('tr');
        for (const v of [c.xs[i]!, c.target[i]!, c.h.plain[i]!, c.h.residual[i]!, c.residual.residual[i]!]) {
          const td = document.createElement('td');
          td.className = 'num';
          td.textContent = fmt(v);
          tr.append(td);
        }
        return tr;
      }),
    );
    this.querySelector<HTMLButtonElement>('button[data-action="download-csv"]')!.disabled = false;
  }

  async #download(): Promise<void> {
    if (!this.#curves) return;
    const { toyCsv } = await import('./toy');
    const url = URL.createObjectURL(new Blob([toyCsv(this.#curves)], { type: 'text/csv;charset=utf-8' }));
    Object.assign(document.createElement('a'), { href: url, download: 'residual-toy.csv' }).click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

if (!customElements.get('residual-toy')) customElements.define('residual-toy', ResidualToyElement);
