/**
 * <degradation-lab>: the reader's controls, the live curves and the predictions. Training runs in a Web Worker
 * (worker.ts); this element only sends settings and commands and draws what comes back, so the page stays
 * responsive. It pauses the run while the tab is hidden and resumes when the reader comes back.
 */
import { Connection, part, role, wireActions } from '../shared/element';
import { describeBackend, requestedBackend } from '../shared/tf-loader';
import { WorkerClient } from '../shared/worker-client';
import { renderCurves, renderKey } from './chart';
import { predictionItems } from './predictions';
import { fillForm, readForm } from './settings-form';
import { LAB_LINK } from './link';
import { type SharedSettings, shareSettings } from '../shared/share-link';
import type { DoneMessage, LabApi, LabEvent, PausedMessage, PredictionsMessage } from './protocol';
import {
  type LabConfig,
  type NetCurves,
  PAPER_RECIPE,
  type Recipe,
  type ReferenceSummary,
  RateMeter,
  backendEstimates,
  checkConfig,
  describeRecipe,
  etaSeconds,
  parseNetName,
  quickRecipe,
  tableRows,
  toCsv,
} from './series';
import { formatDuration, formatPercent } from '../../lib/format';
import { downloadBlob } from '../shared/download';
import { renderTable } from '../plots/table';
import { strings } from './strings';

type State = 'idle' | 'loading' | 'running' | 'paused' | 'stopping' | 'done' | 'error';

class DegradationLab extends HTMLElement {
  // Vite sees this exact pattern and bundles worker.ts (and tfjs) as a separate file; nothing loads before Start.
  #worker = new WorkerClient<LabApi>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'degradation-lab' }), {
    label: 'the training worker',
  });
  #connection = new Connection();
  /** The committed runs drawn faintly: the quick runs for a constant rate, the recipe runs for the step schedule. */
  #references: { quick?: ReferenceSummary; recipe?: ReferenceSummary } = {};
  #live = new Map<string, NetCurves>();
  #config?: LabConfig;
  #total = 0;
  #labSteps = 0;
  #rate = new RateMeter();
  #drawQueued = false;
  #lastDraw = 0;
  /** The table holds evaluation steps only: a step's redraw leaves it alone unless an evaluation arrived since. */
  #tableStale = true;
  #pausedByHiddenTab = false;
  #share?: SharedSettings<typeof LAB_LINK.schema>;
  #el = <T extends Element = HTMLElement>(name: string) => role<T>(this, name);

  connectedCallback(): void {
    const signal = this.#connection.start();
    wireActions(
      this,
      {
        start: () => this.#start(),
        pause: () => this.#command('pause'),
        resume: () => {
          this.#pausedByHiddenTab = false;
          this.#command('resume');
        },
        stop: () => {
          this.#setState('stopping');
          this.#command('stop');
        },
        'recipe-quick': () => this.#applyRecipe(quickRecipe(this.#initialDepths(), Number(this.dataset.steps ?? 300))),
        'recipe-paper': () => this.#applyRecipe(PAPER_RECIPE),
        'download-csv': () => this.#downloadCsv(),
        'download-png': () => void this.#downloadPng(),
      },
      signal,
    );
    this.#share = shareSettings(this, LAB_LINK, signal); // the settings a link gives, before the first draw reads them
    this.#form().addEventListener('change', () => this.#draw(), { signal });
    this.#form().addEventListener('submit', (e) => e.preventDefault(), { signal });
    document.addEventListener('visibilitychange', () => this.#onVisibility(), { signal });
    // A run does not outlive its element: the worker stops with it (a later Start begins a new one).
    this.#connection.onEnd(() => this.#worker.terminate());
    if (this.dataset.ready !== undefined) return;
    for (const key of ['quick', 'recipe'] as const) {
      const json = this.querySelector(`script[data-role="reference-data"][data-family="${key}"]`)?.textContent;
      if (json) this.#references[key] = JSON.parse(json) as ReferenceSummary;
    }
    this.#draw();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #form = () => this.#el<HTMLFormElement>('settings');

  #initialDepths = (): number[] => (this.dataset.depths ?? '20,32').split(',').map(Number);

  /** Fills the form with a recipe's settings (the reader can still change any of them before starting). */
  #applyRecipe(r: Recipe): void {
    fillForm(this.#form(), r);
    this.#share?.save();
    this.dataset.recipe = r === PAPER_RECIPE ? 'paper' : 'quick';
    this.#draw();
  }

  #setState(s: State): void {
    this.dataset.state = s;
    const running = s === 'running' || s === 'paused' || s === 'loading' || s === 'stopping';
    const button = (a: string) => part<HTMLButtonElement>(this, `button[data-action="${a}"]`);
    button('start').disabled = running;
    button('pause').disabled = s !== 'running';
    button('resume').disabled = s !== 'paused';
    button('stop').disabled = !(s === 'running' || s === 'paused' || s === 'loading');
    for (const input of this.#form().querySelectorAll<HTMLInputElement | HTMLSelectElement>('input:not([name="reference"]), select')) input.disabled = running;
  }

  #message(text: string, kind: 'info' | 'problem' = 'info'): void {
    const el = this.#el('message');
    el.textContent = text;
    el.dataset.kind = kind;
    el.setAttribute('role', kind === 'problem' ? 'alert' : 'status');
  }

  /** The run's settings while one is going, else what the form says now (the reference follows the ticked depths). */
  #settings(): LabConfig {
    const busy = ['loading', 'running', 'paused', 'stopping'].includes(this.dataset.state ?? '');
    return busy && this.#config ? this.#config : this.#readConfig();
  }

  #readConfig(): LabConfig {
    return readForm(this.#form(), { width: Number(this.dataset.width ?? 8), seed: Number(this.dataset.seed ?? 1) });
  }

  /** Acts on the running lab (without a worker there is none). Pause and resume answer with the lab's new state. */
  #command(command: 'pause' | 'resume' | 'stop'): void {
    if (!this.#worker.started) return;
    if (command === 'stop') void this.#worker.request(command, null).catch(() => {});
    else this.#worker.request(command, null).then((m) => this.#onPaused(m), () => {});
  }

  #start(): void {
    const config = this.#readConfig();
    const t = strings.here();
    const problems = checkConfig(config, t);
    if (problems.length) {
      this.#message(t.cannotStart(problems), 'problem');
      return;
    }
    this.#config = config;
    this.#live.clear();
    this.#labSteps = 0;
    this.#rate.reset();
    this.#el('predictions').hidden = true;
    this.#el('memory').textContent = '';
    this.#el('saved').textContent = '';
    this.#el('test-result').textContent = '';
    delete this.dataset.testError;
    this.dataset.testReports = '0';
    this.#message('');
    this.#setState('loading');
    const dataUrl = new URL(this.dataset.dataUrl ?? '/data/fashion-mnist/', location.href).href;
    this.#worker.request('start', { config, dataUrl, requestedBackend: requestedBackend() }, { onEvent: (m) => this.#onEvent(m) }).then(
      (done) => this.#onDone(done),
      (err: unknown) => {
        if (!this.isConnected) return this.#setState('idle'); // the element went away and took its worker with it
        this.#message(t.couldNotRun(err instanceof Error ? err.message : String(err)), 'problem');
        this.#setState('error');
      },
    );
    this.#draw();
  }

  #onVisibility(): void {
    if (document.visibilityState === 'hidden' && this.dataset.state === 'running') {
      this.#pausedByHiddenTab = true;
      this.#command('pause');
    } else if (document.visibilityState === 'visible' && this.#pausedByHiddenTab) {
      this.#pausedByHiddenTab = false;
      this.#command('resume');
    }
  }

  #onEvent(m: LabEvent): void {
    const t = strings.here();
    switch (m.type) {
      case 'status':
        this.#el('progress-text').textContent = m.stage === 'backend' ? t.startingTf : t.loadingData;
        break;
      case 'backend': {
        const why = m.report.attempts.find((a) => a.outcome === 'chosen')?.reason;
        this.#el('backend').textContent = t.backendWhy(t.backendText(m.report, describeBackend(m.report)), why);
        this.dataset.backend = m.report.chosen;
        if (m.fallbackFrom) {
          this.#message(t.fallback(m.fallbackFrom.backend, m.fallbackFrom.reason, m.report.chosen), 'problem');
          this.dataset.fallback = m.fallbackFrom.backend;
        }
        break;
      }
      case 'started':
        this.#live = new Map(m.nets.map((n) => [n, { source: 'live', ...parseNetName(n), train: [], heldOut: 'validation', test: [] }]));
        this.dataset.examples = `${m.examples.train}/${m.examples.validation}/${m.examples.test}`;
        this.#total = m.totalSteps;
        this.#labSteps = 0;
        this.#rate.reset();
        this.#setState('running');
        this.#draw();
        break;
      case 'step': {
        const c = this.#live.get(m.net);
        c?.train.push({ step: m.step, value: m.smoothedError });
        this.#labSteps = m.labSteps;
        this.#rate.add(performance.now() / 1000, m.labSteps);
        this.#queueDraw();
        break;
      }
      case 'eval':
        this.#live.get(m.net)?.test.push({ step: m.step, value: m.error });
        this.#tableStale = true;
        this.#queueDraw();
        break;
      case 'saved':
        this.#el('saved').textContent = t.saved(m.net, m.step, formatPercent(m.validationError));
        this.dataset.saved = m.net;
        break;
      case 'tested': {
        const el = this.#el('test-result');
        el.textContent = t.tested(m.net, m.step, formatPercent(m.validationError), formatPercent(m.testError), m.testExamples.toLocaleString('en'));
        this.dataset.testError = String(m.testError);
        this.dataset.testReports = String(Number(this.dataset.testReports ?? 0) + 1);
        break;
      }
      case 'predictions':
        this.#showPredictions(m);
        break;
    }
  }

  #onPaused(m: PausedMessage): void {
    this.#rate.reset();
    this.#setState(m.paused ? 'paused' : 'running');
    // A paused run shows every step it has made, not the last throttled redraw's (up to half a second behind).
    if (m.paused) this.#draw({ table: this.#tableStale });
    if (m.paused && this.#pausedByHiddenTab) this.#message(strings.here().pausedHidden);
    else if (!m.paused) this.#message('');
  }

  #onDone(m: DoneMessage): void {
    this.#setState('done');
    this.#draw();
    const t = strings.here();
    this.#el('progress-text').textContent = t.ended(m.status, formatDuration(m.seconds));
    this.#message(
      m.status === 'diverged' ? t.doneDiverged(m.message) : m.status === 'stopped' ? t.doneStopped(m.steps) : t.doneFinished(m.stepsEach, m.networks),
      m.status === 'diverged' ? 'problem' : 'info',
    );
    this.dataset.status = m.status;
    const mem = this.#el('memory');
    mem.dataset.before = String(m.numTensorsBefore);
    mem.dataset.after = String(m.numTensorsAfter);
    mem.textContent = t.memory(m.numTensorsBefore, m.numTensorsAfter);
    if (m.predictError) this.#message((m.predictError.stage === 'save' ? t.saveFailed : t.testFailed)(m.predictError.reason), 'problem');
  }

  #queueDraw(): void {
    if (this.#drawQueued) return;
    this.#drawQueued = true;
    // At most two redraws a second: each one repaints both panels, which costs a frame's worth of main-thread time
    // (30–80 ms with software rendering on two busy cores; the budget for one task is 100 ms).
    const wait = Math.max(0, 500 - (performance.now() - this.#lastDraw));
    setTimeout(() => requestAnimationFrame(() => this.#draw({ table: this.#tableStale })), wait);
  }

  #curves(): { live: NetCurves[]; reference: NetCurves[] } {
    const live = [...this.#live.values()];
    const showRef = this.#form().querySelector<HTMLInputElement>('input[name="reference"]')?.checked ?? true;
    const depths = new Set(this.#settings().depths);
    const ref = this.#reference();
    const reference = showRef && ref ? ref.nets.filter((c) => depths.has(c.depth)) : [];
    return { live, reference };
  }

  /** The reference run that matches the settings' schedule: comparing a constant-rate run with a step-schedule one misleads. */
  #reference(): ReferenceSummary | undefined {
    return this.#settings().schedule === 'step' ? this.#references.recipe : this.#references.quick;
  }

  #draw({ table = true } = {}): void {
    this.#drawQueued = false;
    this.#lastDraw = performance.now();
    const { live, reference } = this.#curves();
    const config = this.#settings();
    const steps = Math.max(config.steps || 0, reference.length ? (this.#reference()?.steps ?? 0) : 0);
    const charts = this.#el('charts');
    const refLabel = reference.length ? this.#reference()?.label : undefined;
    const t = strings.here();
    charts.replaceChildren(
      renderCurves({ variant: 'plain', live, reference, steps, title: t.plainNetworks, referenceLabel: refLabel, t }),
      renderCurves({ variant: 'res', live, reference, steps, title: t.residualNetworks, referenceLabel: refLabel, t }),
    );
    this.#el('key').replaceChildren(renderKey(refLabel, undefined, t));
    this.#el('reference-label').textContent = refLabel ? t.faintLines(refLabel) : '';
    this.#drawProgress();
    this.#drawEstimate(config);
    this.#el('recipe-text').textContent = t.recipeLine(describeRecipe(config, t));
    // Always drawn, closed or open: it is the chart's alternative for screen readers, and short (evaluation steps only).
    if (table) {
      this.#drawTable(live, reference);
      this.#tableStale = false;
    }
    this.dataset.points = String(live.reduce((a, c) => a + c.train.length, 0));
    this.dataset.validationPoints = String(live.reduce((a, c) => a + c.test.length, 0));
  }

  #drawProgress(): void {
    const bar = this.#el<HTMLProgressElement>('progress-bar');
    bar.max = Math.max(1, this.#total);
    bar.value = this.#labSteps;
    const rate = this.#rate.rate;
    const state = this.dataset.state;
    const t = strings.here();
    if (state === 'running' || state === 'paused') {
      const perNet = this.#live.size ? this.#labSteps / this.#live.size : 0;
      this.#el('progress-text').textContent = t.progress(state === 'paused', Math.floor(perNet), this.#config?.steps ?? 0, this.#live.size, this.#labSteps, this.#total);
    }
    this.#el('rate').textContent = rate === undefined ? '—' : t.rate(rate.toFixed(2));
    this.#el('eta').textContent = state === 'running' ? formatDuration(etaSeconds(this.#labSteps, this.#total, rate ?? NaN)) : '—';
  }

  /**
   * Before a run: the time the settings should take on wasm at the speeds measured for this site (WASM_SPEEDS). During
   * a run, once a few steps are timed: the whole run at this run's own measured speed, on whatever backend it got.
   */
  #drawEstimate(config: LabConfig): void {
    const el = this.#el('estimate');
    const rate = this.#rate.rate;
    const state = this.dataset.state;
    const t = strings.here();
    if ((state === 'running' || state === 'paused') && rate !== undefined && this.#total > 0) {
      el.textContent = t.measuredEstimate(rate.toFixed(2), this.dataset.backend, formatDuration(this.#total / rate));
      el.dataset.source = 'measured';
      return;
    }
    if (state === 'running' || state === 'paused' || state === 'stopping' || state === 'loading') return;
    el.textContent = t.estimate(backendEstimates(config, t).map((e) => t.estimateOn(formatDuration(e.seconds), e.label)));
    el.dataset.source = 'wasm-measured';
  }

  #drawTable(live: NetCurves[], reference: NetCurves[]): void {
    const rows = tableRows([...live, ...reference]);
    const t = strings.here();
    const table = renderTable(
      t.tableCaption,
      [t.colSource, t.colNetwork, t.colStep, t.colTrainingError, t.colValidationError, t.colTestError].map((label) => ({ label })),
      rows.map((r) => [r.source === 'live' ? t.yourRun : t.reference, r.net, String(r.step), formatPercent(r.trainError), formatPercent(r.validationError), formatPercent(r.testError)]),
      (i) => ({ source: rows[i]!.source }),
    );
    this.#el('table').replaceChildren(table);
  }

  #downloadCsv(): void {
    const { live, reference } = this.#curves();
    downloadBlob(toCsv(tableRows([...live, ...reference], { allSteps: true })), 'degradation-curves.csv');
  }

  /** Both panels and the key on one canvas, in the page's current colours (dark mode stays dark). */
  async #downloadPng(): Promise<void> {
    const svgs = [...this.#el('charts').querySelectorAll<SVGSVGElement>(':scope > svg'), this.#el('key').querySelector('svg')].filter(
      (s): s is SVGSVGElement => s !== null,
    );
    const style = getComputedStyle(this);
    const scale = 2;
    const [a, b, key] = svgs;
    // The charts' own size (their width attribute), not the size CSS scales them to on the page.
    const width = (a?.width.baseVal.value ?? 360) + (b?.width.baseVal.value ?? 360) + 20;
    const chartsHeight = Math.max(a?.height.baseVal.value ?? 260, b?.height.baseVal.value ?? 260);
    const keyHeight = key?.height.baseVal.value ?? 22; // one row, or two when the reference run is drawn
    const height = chartsHeight + keyHeight + 8;
    const canvas = Object.assign(document.createElement('canvas'), { width: width * scale, height: height * scale });
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.fillStyle = style.backgroundColor && style.backgroundColor !== 'rgba(0, 0, 0, 0)' ? style.backgroundColor : getComputedStyle(document.body).backgroundColor || '#fff';
    ctx.fillRect(0, 0, width, height);
    const place = [
      [a, 0, 0],
      [b, (a?.width.baseVal.value ?? 360) + 20, 0],
      [key, 0, chartsHeight + 4],
    ] as const;
    for (const [svg, x, y] of place) {
      if (!svg) continue;
      const copy = svg.cloneNode(true) as SVGSVGElement;
      copy.setAttribute('color', style.color); // currentColor has no page to inherit from in an image
      const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
      try {
        const img = new Image();
        img.src = url;
        await img.decode();
        ctx.drawImage(img, x, y);
      } finally {
        URL.revokeObjectURL(url);
      }
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) downloadBlob(blob, 'degradation-curves.png', 'image/png');
  }

  #showPredictions(m: PredictionsMessage): void {
    const right = m.items.filter((i) => i.predicted === i.label).length;
    const t = strings.here();
    this.#el('predictions-title').textContent = t.predictionsTitle(m.net, m.step, formatPercent(m.validationError), formatPercent(m.testError), m.items.length, right);
    this.#el('prediction-list').replaceChildren(...predictionItems(m, t));
    this.#el('predictions').hidden = false;
    this.dataset.predictions = String(m.items.length);
  }
}

if (!customElements.get('degradation-lab')) customElements.define('degradation-lab', DegradationLab);
