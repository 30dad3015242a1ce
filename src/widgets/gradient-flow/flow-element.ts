/**
 * <gradient-flow>: owns the lab's DOM. Nothing heavy happens until the reader presses a button: then tfjs, the lab
 * engine and 2,000 Fashion-MNIST test images load, and every later change of depth or BatchNorm re-measures at once.
 * Plots are redrawn from `series.ts`, which also fills each plot's table and CSV.
 */
import { loadTf, describeBackend } from '../shared/tf-loader';
import type { ImageSet } from '../../model/data/fashion-mnist';
import type { GradientFlowLab, Measurement } from './lab';
import { renderLineChart, type ChartOptions } from './chart';
import {
  DEPTHS,
  NETS,
  NET_LABELS,
  correlationSeries,
  firstToLast,
  formatValue,
  gradientSeries,
  liveLearningRate,
  responseSeries,
  tableRows,
  toCsv,
  type GradientMeasure,
  type NetKind,
  type Series,
} from './series';

type PlotId = 'gradients' | 'responses' | 'correlation';
type LabModule = typeof import('./lab');

const PROBE = 32; // images in the measuring batch
const LIVE_STEPS = 10;

export class GradientFlowElement extends HTMLElement {
  #lab?: GradientFlowLab;
  #mod?: LabModule;
  #data?: ImageSet;
  #probe?: { x: import('@tensorflow/tfjs-core').Tensor4D; y: import('@tensorflow/tfjs-core').Tensor1D };
  #measurement?: Measurement;
  #correlation?: Record<NetKind, { depth: number; correlation: number }[]>;
  #series: Partial<Record<PlotId, Series[]>> = {};
  #busy = false;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.#on('measure', () => this.#run(() => this.#remeasure()));
    this.#on('train', () => this.#run(() => this.#train()));
    this.#on('correlate', () => this.#run(() => this.#correlate()));
    for (const plot of ['gradients', 'responses', 'correlation'] as const) {
      this.querySelector(`[data-plot="${plot}"] button[data-action="download-csv"]`)?.addEventListener('click', () => this.#download(plot));
    }
    this.#control('depth').addEventListener('change', () => this.#reconfigure(false));
    this.#control('batchnorm').addEventListener('change', () => this.#reconfigure(true));
    this.#control('measure').addEventListener('change', () => this.#drawGradients());
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#lab?.dispose();
    this.#lab = undefined;
    this.#probe?.x.dispose();
    this.#probe?.y.dispose();
    this.#probe = undefined;
    this.#mod = undefined; // a re-attached element loads again (cheap: the modules are cached)
  }

  #on(action: string, fn: () => void): void {
    this.querySelector(`button[data-action="${action}"]`)?.addEventListener('click', fn);
  }

  #control(name: string): HTMLInputElement | HTMLSelectElement {
    return this.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
  }

  get #depth(): number {
    return Number(this.#control('depth').value);
  }

  get #batchNorm(): boolean {
    return (this.#control('batchnorm') as HTMLInputElement).checked;
  }

  #status(text: string, progress?: number): void {
    this.querySelector('[data-role="status"]')!.textContent = text;
    const bar = this.querySelector<HTMLProgressElement>('progress')!;
    bar.hidden = progress === undefined;
    if (progress !== undefined) bar.value = progress;
  }

  /** Runs one job at a time; the controls are disabled meanwhile so settings cannot change under a measurement. */
  async #run(job: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.dataset.state = 'busy';
    this.setAttribute('aria-busy', 'true');
    for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('.controls :is(button, input, select)')) el.disabled = true;
    try {
      await this.#ensureLoaded();
      await job();
      this.dataset.state = 'ready';
    } catch (err) {
      this.dataset.state = 'error';
      this.#status(`Something went wrong: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.#busy = false;
      this.setAttribute('aria-busy', 'false');
      for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('.controls :is(button, input, select)')) el.disabled = false;
    }
  }

  async #ensureLoaded(): Promise<void> {
    if (this.#mod) return;
    this.#status('Loading TensorFlow.js and 2,000 Fashion-MNIST test images…', 0);
    const [{ model, backend }, mod] = await Promise.all([loadTf(), import('./lab')]);
    const base = new URL(this.dataset.dataUrl ?? '/data/fashion-mnist/', location.href).href;
    const manifest = model.parseFashionMnistManifest(await (await fetch(new URL('manifest.json', base))).json());
    this.#data = await model.loadFashionMnistSplit(manifest, 'test', { baseUrl: base });
    this.#probe = mod.batchOf(this.#data, 0, PROBE);
    this.#mod = mod;
    this.dataset.backend = backend.chosen;
    this.querySelector('[data-role="backend"]')!.textContent = `Backend: ${describeBackend(backend)}`;
  }

  /** New depth or BatchNorm: fresh nets; re-measure at once if the reader has started the lab. */
  #reconfigure(bnChanged: boolean): void {
    if (bnChanged && this.#correlation) {
      this.#correlation = undefined; // measured with the other BN setting: stale
      this.#series.correlation = [];
      this.#drawPlot('correlation');
    }
    if (!this.#mod) return;
    void this.#run(() => this.#remeasure());
  }

  async #remeasure(): Promise<void> {
    this.#lab?.dispose();
    const depth = this.#depth;
    this.#status(`Building a plain and a residual ${depth}-layer net and measuring them…`, 0.3);
    this.#lab = new this.#mod!.GradientFlowLab(
      { depth, batchNorm: this.#batchNorm, width: Number(this.dataset.width ?? 8), seed: Number(this.dataset.seed ?? 1) },
      this.#probe!,
    );
    await this.#measureAndDraw();
  }

  async #measureAndDraw(): Promise<void> {
    this.#measurement = await this.#lab!.measure();
    this.#drawGradients();
    this.#series.responses = NETS.map((n) => responseSeries(n, this.#measurement![n].responses));
    this.#drawPlot('responses');
    const m = this.#measurement;
    const when = m.plain.step === 0 ? 'at initialisation' : `after ${m.plain.step} SGD steps`;
    const loss = NETS.map((n) => `${NET_LABELS[n].toLowerCase()} ${formatValue(m[n].gradients.loss)}`).join(', ');
    this.#status(`${this.#lab!.config.depth} layers, BatchNorm ${this.#lab!.config.batchNorm ? 'on' : 'off'}, ${when}. Loss on the measuring batch: ${loss}.`);
    this.dataset.step = String(m.plain.step);
  }

  async #train(): Promise<void> {
    if (!this.#lab) await this.#remeasure();
    const lab = this.#lab!;
    const lr = liveLearningRate(lab.config.depth, lab.config.batchNorm);
    for (let i = 0; i < LIVE_STEPS; i++) {
      const { x, y } = this.#mod!.batchOf(this.#data!, PROBE + (lab.step * PROBE) % (this.#data!.count - PROBE), PROBE);
      try {
        await lab.trainStep(x, y, lr);
      } finally {
        x.dispose();
        y.dispose();
      }
      this.#status(`Training both nets: step ${lab.step} (learning rate ${lr})…`, (i + 1) / LIVE_STEPS);
      if (i % 2 === 1) await this.#measureAndDraw(); // live: re-plot every other step
    }
    await this.#measureAndDraw();
  }

  async #correlate(): Promise<void> {
    const path = this.#mod!.pathBetween(this.#data!, 0, 1, 16);
    try {
      const bn = this.#batchNorm;
      this.#correlation = await this.#mod!.correlationByDepth({ batchNorm: bn, width: Number(this.dataset.width ?? 8), seed: Number(this.dataset.seed ?? 1) }, DEPTHS, path, async (done, total) => {
        this.#status(`Measuring gradient correlation: ${done} of ${total} nets…`, done / total);
        await new Promise((r) => setTimeout(r, 0)); // let the progress bar paint
      });
      this.#series.correlation = NETS.map((n) => correlationSeries(n, this.#correlation![n]));
      this.#drawPlot('correlation');
      this.#status(`Gradient correlation measured for depths ${DEPTHS.join(', ')}, BatchNorm ${bn ? 'on' : 'off'}, at initialisation.`);
    } finally {
      path.dispose();
    }
  }

  #drawGradients(): void {
    if (!this.#measurement) return;
    const measure = this.#control('measure').value as GradientMeasure;
    this.#series.gradients = NETS.map((n) => gradientSeries(n, this.#measurement![n].gradients, measure));
    this.#drawPlot('gradients');
  }

  #chartOptions(plot: PlotId): ChartOptions {
    const measure = this.#control('measure').value as GradientMeasure;
    switch (plot) {
      case 'gradients':
        return {
          scale: 'log',
          xLabel: 'depth (weighted layers from the input)',
          yLabel: measure === 'activations' ? '‖∂L/∂x‖' : '‖∂L/∂W‖',
          title: `Gradient norm ${measure === 'activations' ? 'at each block boundary' : 'of each layer’s weights'} against depth, plain and residual net (log scale)`,
        };
      case 'responses':
        return { scale: 'log', xLabel: 'depth (conv layer)', yLabel: 'std of response', title: 'Standard deviation of each conv layer’s response against depth (log scale)' };
      case 'correlation':
        return { scale: 'linear', yDomain: [0, 1], xLabel: 'network depth', yLabel: 'gradient correlation', title: 'Correlation of input gradients of neighbouring inputs against network depth' };
    }
  }

  #drawPlot(plot: PlotId): void {
    const root = this.querySelector<HTMLElement>(`[data-plot="${plot}"]`)!;
    const series = this.#series[plot] ?? [];
    const has = series.some((s) => s.points.length > 0);
    root.dataset.drawn = has ? 'true' : 'false';
    const holder = root.querySelector('.chart-holder')!;
    holder.replaceChildren(has ? renderLineChart(series, this.#chartOptions(plot)) : document.createTextNode(''));
    const summary = root.querySelector('[data-role="summary"]');
    if (summary && has && plot !== 'correlation') {
      summary.textContent = NETS.map((n) => {
        const s = series.find((x) => x.net === n)!;
        return `${NET_LABELS[n]}: first ÷ last = ${formatValue(firstToLast(s))}`;
      }).join(' · ');
    } else if (summary) summary.textContent = '';
    const rows = tableRows(series);
    const tbody = root.querySelector('tbody')!;
    tbody.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement('tr');
        const cells = [String(r.x), r.label, ...NETS.map((n) => formatValue(r.values[n]))];
        cells.forEach((text, i) => {
          const td = document.createElement(i === 1 ? 'th' : 'td');
          if (i === 1) td.setAttribute('scope', 'row');
          if (i !== 1) td.className = 'num';
          td.textContent = text;
          tr.append(td);
        });
        return tr;
      }),
    );
    root.querySelector<HTMLButtonElement>('button[data-action="download-csv"]')!.disabled = !has;
  }

  #download(plot: PlotId): void {
    const opts = this.#chartOptions(plot);
    const csv = toCsv(plot === 'correlation' ? 'network depth' : 'depth', opts.yLabel, tableRows(this.#series[plot] ?? []));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    Object.assign(document.createElement('a'), { href: url, download: `gradient-flow-${plot}.csv` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

if (!customElements.get('gradient-flow')) customElements.define('gradient-flow', GradientFlowElement);
