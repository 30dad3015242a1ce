/**
 * <gradient-flow>: owns the lab's DOM. Nothing heavy happens until the reader presses a button: then tfjs, the lab
 * engine and 2,000 Fashion-MNIST test images load, and every later change of depth or BatchNorm re-measures at once.
 * Plots are redrawn from `series.ts`, which also fills each plot's table and CSV.
 */
import { loadTf, describeBackend } from '../shared/tf-loader';
import type { ImageSet } from '../../model/data/fashion-mnist';
import type { Model } from '../../model/runtime/model';
import type { LayerResponse } from '../../model/runtime/diagnostics';
import type { CorrelationPoint, GradientFlowLab, Measurement } from './lab';
import { renderLineChart, type ChartOptions } from './chart';
import { downloadBlob } from '../shared/download';
import { tableBodyRows } from '../plots/table';
import {
  DEPTHS,
  NETS,
  NET_LABELS,
  correlationSeries,
  firstToLast,
  formatCell,
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
/** Test images that set BatchNorm's running statistics (precise BN) before an inference-mode measurement. */
const STATISTICS = { start: 1000, count: 100 };
/** Test images on which Fig. 7's response spreads are measured (disjoint from the probe and the statistics images). */
const RESPONSE_IMAGES = { start: 1100, count: 200 };
/** Seeds of the shattering plot: each depth's value is their mean; the table lists each. */
const SHATTER_SEEDS = [1, 2] as const;

export class GradientFlowElement extends HTMLElement {
  #lab?: GradientFlowLab;
  #mod?: LabModule;
  #data?: ImageSet;
  #probe?: { x: import('@tensorflow/tfjs-core').Tensor4D; y: import('@tensorflow/tfjs-core').Tensor1D };
  #measurement?: Measurement;
  #correlation?: Record<NetKind, CorrelationPoint[]>;
  /** Which nets the response plot shows, in words (set with the plot). */
  #responsesOf = '';
  #series: Partial<Record<PlotId, Series[]>> = {};
  #busy = false;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.#on('measure', () => this.#run(() => this.#remeasure()));
    this.#on('train', () => this.#run(() => this.#train()));
    this.#on('correlate', () => this.#run(() => this.#correlate()));
    this.#on('reference', () => void this.#referenceResponses());
    for (const plot of ['gradients', 'responses', 'correlation'] as const) {
      this.querySelector(`[data-plot="${plot}"] button[data-action="download-csv"]`)?.addEventListener('click', () => this.#download(plot));
    }
    this.#control('depth').addEventListener('change', () => this.#reconfigure(false));
    this.#control('width').addEventListener('change', () => this.#reconfigure(true));
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

  get #width(): number {
    return Number(this.#control('width').value);
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

  /** New depth, width or BatchNorm: fresh nets; re-measure at once if the reader has started the lab. */
  #reconfigure(shatteringStale: boolean): void {
    if (shatteringStale && this.#correlation) {
      this.#correlation = undefined; // measured with another BN setting or width: stale
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
      { depth, batchNorm: this.#batchNorm, width: this.#width, seed: Number(this.dataset.seed ?? 1) },
      this.#probe!,
    );
    await this.#measureAndDraw();
  }

  /** `responses: false` skips Fig. 7 (300 images through both nets): the live-training loop redraws only gradients. */
  async #measureAndDraw({ responses = true } = {}): Promise<void> {
    this.#measurement = await this.#lab!.measure();
    this.#drawGradients();
    if (responses) await this.#measureLabResponses();
    const m = this.#measurement;
    const when = m.plain.step === 0 ? 'at initialisation' : `after ${m.plain.step} SGD steps`;
    const loss = NETS.map((n) => `${NET_LABELS[n].toLowerCase()} ${formatValue(m[n].gradients.loss)}`).join(', ');
    this.#status(`${this.#lab!.config.depth} layers, width ${this.#lab!.config.width}, BatchNorm ${this.#lab!.config.batchNorm ? 'on' : 'off'}, ${when}. Loss on the measuring batch: ${loss}.`);
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
      if (i % 2 === 1 && i + 1 < LIVE_STEPS) await this.#measureAndDraw({ responses: false }); // live: re-plot every other step
    }
    await this.#measureAndDraw();
  }

  /**
   * Fig. 7 for the lab's own nets. With BatchNorm at initialisation the plot is flat by construction, so it is not
   * drawn; a sentence says why. Otherwise each net's BatchNorm statistics are first set from real images (a fresh or
   * briefly trained net's running averages are not yet estimates of anything), then its responses measured.
   */
  async #measureLabResponses(): Promise<void> {
    const lab = this.#lab!;
    const root = this.querySelector<HTMLElement>('[data-plot="responses"]')!;
    if (lab.config.batchNorm && lab.step === 0) {
      this.#series.responses = [];
      this.#responsesOf = '';
      root.dataset.note = 'flat-at-init';
      this.#drawPlot('responses');
      return;
    }
    const stats = this.#imagesAt(STATISTICS);
    const images = this.#imagesAt(RESPONSE_IMAGES);
    try {
      if (lab.config.batchNorm) for (const net of NETS) this.#mod!.setBatchNormStatistics(lab.models[net], stats);
      const r = await this.#mod!.responsesOf(lab.models, images);
      this.#showResponses(r, `the lab’s ${lab.config.depth}-layer nets, ${lab.step === 0 ? 'at initialisation' : `after ${lab.step} SGD steps`}, BatchNorm ${lab.config.batchNorm ? 'on (statistics of 100 test images)' : 'off'}`);
      root.dataset.note = lab.step === 0 ? 'untrained' : 'briefly-trained';
    } finally {
      stats.dispose();
      images.dispose();
    }
  }

  #imagesAt(range: { start: number; count: number }) {
    const { x, y } = this.#mod!.batchOf(this.#data!, range.start, range.count);
    y.dispose();
    return x;
  }

  #showResponses(responses: Partial<Record<NetKind, LayerResponse[]>>, description: string): void {
    this.#series.responses = NETS.filter((n) => responses[n]).map((n) => responseSeries(n, responses[n]!));
    this.#responsesOf = description;
    this.#drawPlot('responses');
  }

  /**
   * Hook for trained nets (He et al. 2016, Fig. 7 measured what it was meant for): plots the response spread of the
   * given models, BatchNorm on their own running averages, on 200 of the subset's test images. `description` says
   * which nets they are; it is shown under the plot.
   */
  async plotTrainedResponses(models: Partial<Record<NetKind, Model>>, description: string): Promise<void> {
    await this.#run(async () => {
      const images = this.#imagesAt(RESPONSE_IMAGES);
      try {
        this.#status(`Measuring the response spread of ${description}…`, 0.5);
        this.#showResponses(await this.#mod!.responsesOf(models, images), description);
        this.querySelector<HTMLElement>('[data-plot="responses"]')!.dataset.note = 'trained';
        this.#status(`Response spread measured: ${description}.`);
      } finally {
        images.dispose();
      }
    });
  }

  /**
   * Fig. 7 for the shipped trained reference nets (the degradation lesson's reference runs, seed 1): the plain and the
   * residual net of the chosen depth, loaded, checked against their SHA-256, measured, and freed.
   */
  async #referenceResponses(): Promise<void> {
    const depth = this.#control('reference').value;
    const baseUrl = new URL(this.dataset.referenceUrl ?? '/data/reference-nets/', location.href).href;
    await this.#ensureLoadedOnce();
    let loaded: { plain: Awaited<ReturnType<LabModule['loadReferenceNet']>>; residual: Awaited<ReturnType<LabModule['loadReferenceNet']>> } | undefined;
    try {
      this.#status(`Loading the trained reference nets plain-${depth} and res-${depth}…`, 0.2);
      const manifest = await this.#mod!.loadReferenceNetsManifest({ baseUrl });
      loaded = {
        plain: await this.#mod!.loadReferenceNet(`plain-${depth}`, { baseUrl, manifest }),
        residual: await this.#mod!.loadReferenceNet(`res-${depth}`, { baseUrl, manifest }),
      };
    } catch (err) {
      this.#status(`The trained reference nets could not be loaded (${err instanceof Error ? err.message : String(err)}).`);
      this.querySelector<HTMLElement>('[data-plot="responses"]')!.dataset.note = 'reference-missing';
      return;
    }
    const t = loaded.plain.net.training;
    try {
      await this.plotTrainedResponses(
        { plain: loaded.plain.model, residual: loaded.residual.model },
        `the trained reference nets plain-${depth} and res-${depth} (${t.steps} steps, ${t.schedule}, seed ${t.seed}; test error ${(loaded.plain.net.training.testError * 100).toFixed(1)} % and ${(loaded.residual.net.training.testError * 100).toFixed(1)} %), BatchNorm on their running averages`,
      );
    } finally {
      loaded.plain.model.dispose();
      loaded.residual.model.dispose();
    }
  }

  /** Loads tfjs and the data without measuring anything (for the reference nets, which need no lab). */
  async #ensureLoadedOnce(): Promise<void> {
    if (this.#mod) return;
    await this.#run(async () => {});
  }

  async #correlate(): Promise<void> {
    const path = this.#mod!.pathBetween(this.#data!, 0, 1, 16);
    const stats = this.#imagesAt(STATISTICS);
    try {
      const bn = this.#batchNorm;
      const width = this.#width;
      this.#correlation = await this.#mod!.correlationByDepth({ width, seeds: SHATTER_SEEDS, norm: bn ? 'estimated' : 'off' }, DEPTHS, path, stats, async (done, total) => {
        this.#status(`Measuring gradient correlation: ${done} of ${total} nets…`, done / total);
        await new Promise((r) => setTimeout(r, 0)); // let the progress bar paint
      });
      this.#series.correlation = NETS.map((n) => correlationSeries(n, this.#correlation![n]));
      this.#drawPlot('correlation');
      this.#status(
        `Gradient correlation measured for depths ${DEPTHS.join(', ')}, width ${width}, seeds ${SHATTER_SEEDS.join(' and ')}, at initialisation, ` +
          (bn ? 'BatchNorm in inference mode with statistics of 100 test images.' : 'without BatchNorm.'),
      );
    } finally {
      path.dispose();
      stats.dispose();
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
          yLabel: measure === 'activations' ? '‖∂ℒ/∂x‖' : '‖∂ℒ/∂W‖',
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
    const of = root.querySelector('[data-role="of"]');
    if (of) of.textContent = has && plot === 'responses' ? `Plotted: ${this.#responsesOf}.` : '';
    if (summary && has && plot !== 'correlation') {
      summary.textContent = NETS.map((n) => {
        const s = series.find((x) => x.net === n)!;
        return `${NET_LABELS[n]}: first ÷ last = ${formatValue(firstToLast(s))}`;
      }).join(' · ');
    } else if (summary) summary.textContent = '';
    const rows = tableRows(series);
    const tbody = root.querySelector('tbody')!;
    const columns = [{ numeric: true }, { rowHeader: true }, ...NETS.map(() => ({ numeric: true }))];
    tbody.replaceChildren(...tableBodyRows(columns, rows.map((r) => [String(r.x), r.label, ...NETS.map((n) => formatCell(r, n))])));
    root.querySelector<HTMLButtonElement>('button[data-action="download-csv"]')!.disabled = !has;
  }

  #download(plot: PlotId): void {
    const opts = this.#chartOptions(plot);
    const csv = toCsv(plot === 'correlation' ? 'network depth' : 'depth', opts.yLabel, tableRows(this.#series[plot] ?? []));
    downloadBlob(csv, `gradient-flow-${plot}.csv`);
  }
}

if (!customElements.get('gradient-flow')) customElements.define('gradient-flow', GradientFlowElement);
