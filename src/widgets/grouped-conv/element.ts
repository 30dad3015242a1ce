/**
 * <grouped-conv>: a slider over the group counts of a C → C convolution (the divisors of C), the wiring
 * drawn two ways (input → output channels, and the dense kernel's block-diagonal mask), the cost readouts, and a
 * live check in tfjs that three implementations give the same numbers. tfjs loads only when the check first runs.
 */
import { formatExact, formatPercent } from '../../lib/format';
import { Connection, part, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { checkNumbers, type CheckResult } from './check';
import { type CostRow, type GroupedConvSetup, channelY, costRows, describeGroups, links, summary, toCsv } from './grouped-conv';
import { downloadBlob } from '../shared/download';
import { strings } from './strings';

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

/** Group j's colour: hues spread round the wheel; lightness from CSS so dark mode keeps contrast. */
const groupColor = (j: number, groups: number) => `hsl(${Math.round((360 * j) / Math.max(groups, 1) + 200) % 360} var(--gc-sat) var(--gc-light))`;

export class GroupedConvElement extends HTMLElement {
  /** The page's words (<html lang>). */
  #t = strings.here();
  #setup!: GroupedConvSetup;
  #rows: CostRow[] = [];
  #index = 0;
  #checking = false;
  #checkedOnce = false;
  #pending = false;

  #connection = new Connection();

  connectedCallback(): void {
    const first = !this.#rows.length; // moved in the DOM: keep the state, wire the listeners again
    if (first) {
      this.#setup = { channels: Number(this.dataset.channels), kernel: Number(this.dataset.kernel), size: Number(this.dataset.size) };
      this.#rows = costRows(this.#setup);
      const start = this.#rows.findIndex((r) => r.groups === Number(this.dataset.groups));
      this.#index = start >= 0 ? start : 0;
    }
    const signal = this.#connection.start();
    // In a link the slider's setting is the group count (`?grouped-conv.groups=8`), not its position.
    const groups = this.#rows.map((r) => r.groups);
    const control = { get: () => groups[this.#index], set: (g: unknown) => void (groups.includes(g as number) && (this.#index = groups.indexOf(g as number))) };
    shareSettings(this, { schema: { groups: { kind: 'int', values: groups } }, controls: { groups: control } }, signal);
    const slider = this.#q<HTMLInputElement>('input[type="range"]');
    slider.addEventListener('input', () => this.#select(Number(slider.value)), { signal });
    wireActions(this, { check: () => void this.#check(), 'download-csv': () => this.#downloadCsv() }, signal);
    if (!first) return;
    slider.max = String(this.#rows.length - 1);
    slider.value = String(this.#index);
    this.#render();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #q<T extends Element = HTMLElement>(selector: string): T {
    return part<T>(this, selector);
  }

  #select(i: number): void {
    if (i === this.#index) return;
    this.#index = i;
    this.#render();
    if (this.#checkedOnce) void this.#check();
  }

  #render(): void {
    const row = this.#rows[this.#index]!;
    const { channels } = this.#setup;
    const slider = this.#q<HTMLInputElement>('input[type="range"]');
    slider.setAttribute('aria-valuetext', describeGroups(channels, row.groups, this.#t));
    this.dataset.groups = String(row.groups);
    this.#q('[data-out="groups"]').textContent = describeGroups(channels, row.groups, this.#t);
    this.#q('[data-out="params"]').textContent = formatExact(row.params);
    this.#q('[data-out="macs"]').textContent = formatExact(row.macs);
    this.#q('[data-out="fraction"]').textContent = row.groups === 1 ? this.#t.fractionAll : `1/${row.groups}`;
    this.#q('[data-out="summary"]').textContent = summary(this.#setup, row, this.#t);
    for (const [i, tr] of this.querySelectorAll<HTMLTableRowElement>('tbody tr[data-groups]').entries()) {
      if (i === this.#index) tr.setAttribute('aria-current', 'true');
      else tr.removeAttribute('aria-current');
    }
    this.#draw(row.groups);
  }

  /** Left: inputs wired to outputs. Right: the dense kernel's C × C mask, non-zero only in the diagonal blocks. */
  #draw(groups: number): void {
    const { channels } = this.#setup;
    const svg = this.#q<SVGSVGElement>('svg[data-plot]');
    svg.replaceChildren();
    const [top, bottom, xIn, xOut] = [28, 232, 40, 200];
    el('text', { x: xIn, y: 14, 'text-anchor': 'middle', class: 'label' }, svg).textContent = this.#t.svgInput;
    el('text', { x: xOut, y: 14, 'text-anchor': 'middle', class: 'label' }, svg).textContent = this.#t.svgOutput;
    const lines = el('g', { 'stroke-width': channels > 32 ? 0.5 : 1.2, 'stroke-opacity': 0.7 }, svg);
    for (const l of links(channels, groups)) {
      el('line', { x1: xIn, y1: channelY(l.from, channels, top, bottom), x2: xOut, y2: channelY(l.to, channels, top, bottom), stroke: groupColor(l.group, groups) }, lines);
    }
    const per = channels / groups;
    const r = Math.min(5, (bottom - top) / channels / 2.2);
    for (const x of [xIn, xOut]) {
      for (let c = 0; c < channels; c++) el('circle', { cx: x, cy: channelY(c, channels, top, bottom), r, fill: groupColor(Math.floor(c / per), groups), class: 'node' }, svg);
    }
    // The mask: row = input channel, column = output channel, as in the [k, k, Cin, Cout] kernel.
    const [mx, my, side] = [270, 28, 204];
    const cell = side / channels;
    el('text', { x: mx + side / 2, y: 14, 'text-anchor': 'middle', class: 'label' }, svg).textContent = this.#t.svgKernel;
    el('rect', { x: mx, y: my, width: side, height: side, class: 'mask-bg' }, svg);
    for (let j = 0; j < groups; j++) {
      el('rect', { x: mx + j * per * cell, y: my + j * per * cell, width: per * cell, height: per * cell, fill: groupColor(j, groups) }, svg);
    }
    el('rect', { x: mx, y: my, width: side, height: side, class: 'mask-frame' }, svg);
    svg.setAttribute('aria-label', this.#t.wiring(describeGroups(channels, groups, this.#t), per, groups));
  }

  /** Runs the tfjs comparison for the current group count; a change while one runs queues exactly one more. */
  async #check(): Promise<void> {
    if (this.#checking) {
      this.#pending = true;
      return;
    }
    this.#checking = true;
    const out = this.#q('[data-out="check"]');
    const button = this.#q<HTMLButtonElement>('[data-action="check"]');
    button.disabled = true;
    this.dataset.state = 'checking';
    if (!this.#checkedOnce) out.textContent = this.#t.loading;
    try {
      do {
        this.#pending = false;
        const groups = this.#rows[this.#index]!.groups;
        const result: CheckResult = await checkNumbers(this.#setup.channels, groups);
        this.#showCheck(result);
      } while (this.#pending);
      this.#checkedOnce = true;
      this.dataset.state = 'checked';
    } catch (err) {
      out.textContent = this.#t.checkFailed(err instanceof Error ? err.message : String(err));
      this.dataset.state = 'error';
    } finally {
      this.#checking = false;
      button.disabled = false;
    }
  }

  #showCheck(r: CheckResult): void {
    const fmt = (v: number) => (v === 0 ? '0' : v.toExponential(1));
    this.#q('[data-out="split-diff"]').textContent = fmt(r.splitDiff);
    this.#q('[data-out="dense-diff"]').textContent = fmt(r.denseDiff);
    this.#q('[data-out="scale"]').textContent = r.scale.toFixed(2);
    this.#q('[data-out="zeros"]').textContent = formatPercent(r.zeroFraction);
    const worst = Math.max(r.splitDiff, r.denseDiff);
    const verdict = worst === 0 ? this.#t.identical : this.#t.differ(fmt(worst));
    this.#q('[data-out="check"]').textContent = this.#t.checkResult(describeGroups(this.#setup.channels, r.groups, this.#t), r.backend, verdict, r.scale.toFixed(2));
    this.dataset.checkedGroups = String(r.groups);
  }

  #downloadCsv(): void {
    downloadBlob(toCsv(this.#setup, this.#rows), `grouped-conv-${this.#setup.channels}-channels.csv`);
  }
}

if (!customElements.get('grouped-conv')) customElements.define('grouped-conv', GroupedConvElement);
