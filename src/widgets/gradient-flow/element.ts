/**
 * <gradient-flow>: owns the lab's DOM. Nothing heavy happens until the reader presses a button: then its worker
 * (worker.ts) loads tfjs and 2,000 Fashion-MNIST test images, and every later change of depth or BatchNorm re-measures
 * at once. The nets live and train in the worker; this element sends settings and draws what comes back. Plots are
 * redrawn from `series.ts`, which also fills each plot's table and CSV.
 */
import { Connection, part, role, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { FLOW_LINK } from './link';
import { describeBackend, requestedBackend } from '../shared/tf-loader';
import { WorkerClient } from '../shared/worker-client';
import type { CorrelationPoint, Measurement } from './lab';
import type { FlowApi, LabState, ReferenceInfo, Responses } from './protocol';
import { renderLineChart, type ChartOptions } from './chart';
import { downloadBlob } from '../shared/download';
import { tableBodyRows } from '../plots/table';
import {
  DEPTHS,
  NETS,
  correlationSeries,
  firstToLast,
  formatCell,
  formatValue,
  gradientSeries,
  responseSeries,
  tableRows,
  toCsv,
  type GradientMeasure,
  type NetKind,
  type Series,
} from './series';
import { strings } from './strings';

type PlotId = 'gradients' | 'responses' | 'correlation';

const LIVE_STEPS = 10;
/** Seeds of the shattering plot: each depth's value is their mean; the table lists each. */
const SHATTER_SEEDS = [1, 2];

/** A net as a sentence names it, in the page's language. */
const inlineName = (n: NetKind) => strings.here().netWord(n);

export class GradientFlowElement extends HTMLElement {
  // Vite sees this exact pattern and bundles worker.ts (and tfjs) as a separate file; nothing loads before a press.
  #worker = new WorkerClient<FlowApi>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gradient-flow' }), {
    label: 'the lab’s worker',
  });
  #connection = new Connection();
  /** The worker has loaded tfjs and the images. */
  #loaded = false;
  /** The lab's nets as last measured (they live in the worker). */
  #state?: LabState;
  #measurement?: Measurement;
  #correlation?: Record<NetKind, CorrelationPoint[]>;
  /** Which nets the response plot shows, in words (set with the plot). */
  #responsesOf = '';
  #series: Partial<Record<PlotId, Series[]>> = {};
  #busy = false;

  connectedCallback(): void {
    const signal = this.#connection.start();
    wireActions(
      this,
      {
        measure: () => void this.#run(() => this.#remeasure()),
        train: () => void this.#run(() => this.#train()),
        correlate: () => void this.#run(() => this.#correlate()),
        reference: () => void this.#run(() => this.#referenceResponses()),
        'download-csv': (button) => this.#download(button.closest<HTMLElement>('[data-plot]')!.dataset.plot as PlotId),
      },
      signal,
    );
    shareSettings(this, FLOW_LINK, signal);
    this.#control('depth').addEventListener('change', () => this.#reconfigure(false), { signal });
    this.#control('width').addEventListener('change', () => this.#reconfigure(true), { signal });
    this.#control('batchnorm').addEventListener('change', () => this.#reconfigure(true), { signal });
    this.#control('measure').addEventListener('change', () => this.#drawGradients(), { signal });
    // The nets live in the worker: they go with it, and a re-attached element loads again.
    this.#connection.onEnd(() => {
      this.#worker.terminate();
      this.#loaded = false;
      this.#state = undefined;
    });
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #control(name: string): HTMLInputElement | HTMLSelectElement {
    return part<HTMLInputElement | HTMLSelectElement>(this, `[name="${name}"]`);
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
    role(this, 'status').textContent = text;
    const bar = part<HTMLProgressElement>(this, 'progress');
    bar.hidden = progress === undefined;
    if (progress !== undefined) bar.value = progress;
  }

  #plot(id: PlotId): HTMLElement {
    return part(this, `[data-plot="${id}"]`);
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
      // Taken off the page mid-job: the worker was stopped with it, which is no error to show.
      this.dataset.state = this.isConnected ? 'error' : 'idle';
      if (this.isConnected) this.#status(strings.here().failed(err instanceof Error ? err.message : String(err)));
    } finally {
      this.#busy = false;
      this.setAttribute('aria-busy', 'false');
      for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('.controls :is(button, input, select)')) el.disabled = false;
    }
  }

  async #ensureLoaded(): Promise<void> {
    if (this.#loaded) return;
    this.#status(strings.here().loading, 0);
    const dataUrl = new URL(this.dataset.dataUrl ?? '/data/fashion-mnist/', location.href).href;
    const { backend } = await this.#worker.request('load', { dataUrl, requestedBackend: requestedBackend() });
    this.#loaded = true;
    this.dataset.backend = backend.chosen;
    role(this, 'backend').textContent = strings.here().backend(backend, describeBackend(backend));
  }

  /** New depth, width or BatchNorm: fresh nets; re-measure at once if the reader has started the lab. */
  #reconfigure(shatteringStale: boolean): void {
    if (shatteringStale && this.#correlation) {
      this.#correlation = undefined; // measured with another BN setting or width: stale
      this.#series.correlation = [];
      this.#drawPlot('correlation');
    }
    if (!this.#loaded) return;
    void this.#run(() => this.#remeasure());
  }

  async #remeasure(): Promise<void> {
    const depth = this.#depth;
    this.#status(strings.here().building(depth), 0.3);
    const config = { depth, batchNorm: this.#batchNorm, width: this.#width, seed: Number(this.dataset.seed ?? 1) };
    this.#show(await this.#worker.request('measure', { config }));
  }

  /** Draws the nets' gradients, and their responses when measured (live training skips them between steps). */
  #show(state: LabState): void {
    this.#state = state;
    this.#measurement = state.measurement;
    this.#drawGradients();
    if (state.responses) this.#showLabResponses(state);
    const { config, measurement: m } = state;
    const t = strings.here();
    const when = state.step === 0 ? t.atInit : t.afterSteps(state.step);
    const loss = NETS.map((n) => t.lossOf(inlineName(n), formatValue(m[n].gradients.loss))).join(t.listSeparator);
    this.#status(t.measured(config.depth, config.width, config.batchNorm, when, loss));
    this.dataset.step = String(state.step);
  }

  async #train(): Promise<void> {
    if (!this.#state) await this.#remeasure();
    const done = await this.#worker.request(
      'train',
      { steps: LIVE_STEPS },
      {
        onEvent: (e) => {
          if (e.kind === 'step') this.#status(strings.here().training(e.step, e.lr), e.progress);
          else this.#show(e.state); // live: re-plotted every other step
        },
      },
    );
    this.#show(done);
  }

  /**
   * Fig. 7 for the lab's own nets. With BatchNorm at initialisation the plot is flat by construction, so it is not
   * drawn; a sentence says why. Otherwise the worker set each net's BatchNorm statistics from 100 test images first.
   */
  #showLabResponses({ config, step, responses }: LabState): void {
    const root = this.#plot('responses');
    if (!responses || responses.note === 'flat-at-init') {
      this.#series.responses = [];
      this.#responsesOf = '';
      root.dataset.note = 'flat-at-init';
      this.#drawPlot('responses');
      return;
    }
    const t = strings.here();
    const bn = config.batchNorm ? t.bnOnEstimated : t.bnOff;
    this.#showResponses(responses.responses, t.labNets(config.depth, step === 0 ? t.atInit : t.afterSteps(step), bn));
    root.dataset.note = responses.note;
  }

  #showResponses(responses: Responses, description: string): void {
    this.#series.responses = NETS.filter((n) => responses[n]).map((n) => responseSeries(n, responses[n]!));
    this.#responsesOf = description;
    this.#drawPlot('responses');
  }

  /**
   * Fig. 7 for the shipped trained reference nets (the degradation lesson's reference runs, seed 1): the plain and the
   * residual net of the chosen depth, loaded, checked against their SHA-256, measured, and freed, in the worker.
   */
  async #referenceResponses(): Promise<void> {
    const depth = this.#control('reference').value;
    const baseUrl = new URL(this.dataset.referenceUrl ?? '/data/reference-nets/', location.href).href;
    const t = strings.here();
    this.#status(t.loadingReference(depth), 0.2);
    let description = '';
    const pct = (t: ReferenceInfo) => (t.testError * 100).toFixed(1);
    const result = await this.#worker.request(
      'reference',
      { depth, baseUrl },
      {
        onEvent: ({ plain, residual }) => {
          description = t.referenceDescription(depth, plain.steps, t.schedule(plain.schedule), plain.seed, pct(plain), pct(residual));
          this.#status(t.measuringSpread(description), 0.5);
        },
      },
    );
    if (!result.loaded) {
      this.#status(t.referenceFailed(result.reason));
      this.#plot('responses').dataset.note = 'reference-missing';
      return;
    }
    this.#showResponses(result.responses, description);
    this.#plot('responses').dataset.note = 'trained';
    this.#status(t.spreadMeasured(description));
  }

  async #correlate(): Promise<void> {
    const bn = this.#batchNorm;
    const width = this.#width;
    const t = strings.here();
    this.#correlation = await this.#worker.request(
      'correlate',
      { width, batchNorm: bn, seeds: SHATTER_SEEDS },
      { onEvent: ({ done, total }) => this.#status(t.correlating(done, total), done / total), signal: this.#connection.signal },
    );
    this.#series.correlation = NETS.map((n) => correlationSeries(n, this.#correlation![n], t.layers));
    this.#drawPlot('correlation');
    this.#status(t.correlated(DEPTHS, width, SHATTER_SEEDS, bn));
  }

  #drawGradients(): void {
    if (!this.#measurement) return;
    const measure = this.#control('measure').value as GradientMeasure;
    this.#series.gradients = NETS.map((n) => gradientSeries(n, this.#measurement![n].gradients, measure));
    this.#drawPlot('gradients');
  }

  /** The chart's words in the page's language; the CSV keeps the English ones (`strings.en`), as its file name does. */
  #chartOptions(plot: PlotId, t = strings.here()): ChartOptions {
    const measure = this.#control('measure').value as GradientMeasure;
    switch (plot) {
      case 'gradients':
        return {
          scale: 'log',
          xLabel: t.gradientsXLabel,
          yLabel: measure === 'activations' ? '‖∂ℒ/∂x‖' : '‖∂ℒ/∂W‖',
          title: t.gradientsChartTitle(measure === 'activations'),
        };
      case 'responses':
        return { scale: 'log', xLabel: t.responsesXLabel, yLabel: t.responsesYLabel, title: t.responsesChartTitle };
      case 'correlation':
        return { scale: 'linear', yDomain: [0, 1], xLabel: t.correlationXLabel, yLabel: t.correlationYLabel, title: t.correlationChartTitle };
    }
  }

  #drawPlot(plot: PlotId): void {
    const root = this.querySelector<HTMLElement>(`[data-plot="${plot}"]`)!;
    const series = this.#series[plot] ?? [];
    const has = series.some((s) => s.points.length > 0);
    root.dataset.drawn = has ? 'true' : 'false';
    const holder = root.querySelector('.chart-holder')!;
    const t = strings.here();
    holder.replaceChildren(has ? renderLineChart(series, { ...this.#chartOptions(plot, t), netLabels: { plain: t.netPlain, residual: t.netResidual } }) : document.createTextNode(''));
    const summary = root.querySelector('[data-role="summary"]');
    const of = root.querySelector('[data-role="of"]');
    if (of) of.textContent = has && plot === 'responses' ? t.plotted(this.#responsesOf) : '';
    if (summary && has && plot !== 'correlation') {
      summary.textContent = NETS.map((n) => {
        const s = series.find((x) => x.net === n)!;
        return t.firstToLast(n === 'plain' ? t.netPlain : t.netResidual, formatValue(firstToLast(s)));
      }).join(' · ');
    } else if (summary) summary.textContent = '';
    const rows = tableRows(series);
    const tbody = root.querySelector('tbody')!;
    const columns = [{ numeric: true }, { rowHeader: true }, ...NETS.map(() => ({ numeric: true }))];
    tbody.replaceChildren(...tableBodyRows(columns, rows.map((r) => [String(r.x), r.label, ...NETS.map((n) => formatCell(r, n))])));
    root.querySelector<HTMLButtonElement>('button[data-action="download-csv"]')!.disabled = !has;
  }

  #download(plot: PlotId): void {
    const opts = this.#chartOptions(plot, strings.en);
    // A CSV is data for a spreadsheet or a script: its columns and the layer labels stay in English in every language.
    const series = plot === 'correlation' && this.#correlation ? NETS.map((n) => correlationSeries(n, this.#correlation![n])) : (this.#series[plot] ?? []);
    const csv = toCsv(plot === 'correlation' ? 'network depth' : 'depth', opts.yLabel, tableRows(series));
    downloadBlob(csv, `gradient-flow-${plot}.csv`);
  }
}

if (!customElements.get('gradient-flow')) customElements.define('gradient-flow', GradientFlowElement);
