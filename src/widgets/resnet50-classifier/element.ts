/**
 * <resnet50-classifier>: owns the widget's DOM. Inputs (file, drop, paste, camera, samples) become an upright
 * ImageBitmap here (decode.ts); the shared worker client (client.ts) loads the model once and classifies; results are
 * drawn from plain arrays (results-view.ts).
 *
 * Attributes it keeps up to date, for styling and tests: data-model (idle | loading | ready | failed), data-state
 * (idle | working | done | error), data-classified (results shown so far), data-num-tensors (tensors alive in the
 * worker after the last result), data-image-size ("385x256", the upright original).
 */
import { Connection, part, wireActions } from '../shared/element';
import { shareSettings } from '../shared/share-link';
import { CLASSIFIER_LINK, chosenBackend } from './link';
import { classActivationMap } from '../../model/runtime/cam';
import { classifierClient } from './client';
import { decodeImage, snapshot, type Decoded } from '../shared/decode';
import { formatBytes, formatProgress } from '../../lib/format';
import { InputError, cameraProblem, formatName, inputErrorMessage, noteMessage, problemMessage } from '../shared/messages';
import { strings as photoStrings } from '../shared/photo/strings';
import { strings } from './strings';
import type { ReadyMessage, ResultMessage } from './protocol';
import { type Shown, drawCam, drawTimings, el, predictionItems, stageFigures } from './results-view';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class ResNet50ClassifierElement extends HTMLElement {
  #ui?: {
    file: HTMLInputElement;
    drop: HTMLElement;
    load: HTMLButtonElement;
    modelText: HTMLElement;
    progress: HTMLElement;
    progressBar: HTMLProgressElement;
    progressText: HTMLElement;
    alert: HTMLElement;
    note: HTMLElement;
    results: HTMLElement;
    seenDetail: HTMLElement;
    crop: HTMLCanvasElement;
    cam: HTMLCanvasElement;
    camToggle: HTMLInputElement;
    camOpacity: HTMLInputElement;
    camCaption: HTMLElement;
    predictions: HTMLOListElement;
    stageGrid: HTMLElement;
    timings: HTMLElement;
    backend: HTMLElement;
    cameraStart: HTMLButtonElement;
    cameraNote: HTMLElement;
    cameraPanel: HTMLElement;
    video: HTMLVideoElement;
  };
  #inputSeq = 0;
  #classified = 0;
  #shown?: Shown;
  #stream?: MediaStream;
  /** The last file-like input, to run again after a failed model load is retried. */
  #lastInput?: () => Promise<Decoded>;
  #connection = new Connection();

  connectedCallback(): void {
    const q = <T extends Element>(s: string) => part<T>(this, s);
    const signal = this.#connection.start();
    const ui = (this.#ui = {
      file: q<HTMLInputElement>('input[type="file"]'),
      drop: q<HTMLElement>('[data-role="dropzone"]'),
      load: q<HTMLButtonElement>('[data-action="load"]'),
      modelText: q<HTMLElement>('[data-role="model-text"]'),
      progress: q<HTMLElement>('[data-role="progress"]'),
      progressBar: q<HTMLProgressElement>('[data-role="progress"] progress'),
      progressText: q<HTMLElement>('[data-role="progress-text"]'),
      alert: q<HTMLElement>('[data-role="error"]'),
      note: q<HTMLElement>('[data-role="note"]'),
      results: q<HTMLElement>('[data-role="results"]'),
      seenDetail: q<HTMLElement>('[data-role="seen-detail"]'),
      crop: q<HTMLCanvasElement>('canvas[data-role="crop"]'),
      cam: q<HTMLCanvasElement>('canvas[data-role="cam"]'),
      camToggle: q<HTMLInputElement>('[data-role="cam-toggle"]'),
      camOpacity: q<HTMLInputElement>('[data-role="cam-opacity"]'),
      camCaption: q<HTMLElement>('[data-role="cam-caption"]'),
      predictions: q<HTMLOListElement>('[data-role="predictions"]'),
      stageGrid: q<HTMLElement>('[data-role="stage-grid"]'),
      timings: q<HTMLElement>('[data-role="timings"]'),
      backend: q<HTMLElement>('[data-role="backend"]'),
      cameraStart: q<HTMLButtonElement>('[data-action="camera-start"]'),
      cameraNote: q<HTMLElement>('[data-role="camera-note"]'),
      cameraPanel: q<HTMLElement>('[data-role="camera-panel"]'),
      video: q<HTMLVideoElement>('[data-role="camera-panel"] video'),
    });
    this.dataset.model = classifierClient.loaded ? 'ready' : 'idle';

    ui.file.addEventListener(
      'change',
      () => {
        const file = ui.file.files?.[0];
        ui.file.value = ''; // choosing the same file again must fire `change` again
        if (file) this.#fromBlob(file);
      },
      { signal },
    );
    this.addEventListener('dragover', (e) => this.#onDrag(e), { signal });
    this.addEventListener('dragenter', (e) => this.#onDrag(e), { signal });
    this.addEventListener(
      'dragleave',
      (e) => {
        if (!this.contains(e.relatedTarget as Node | null)) delete this.dataset.dragging;
      },
      { signal },
    );
    this.addEventListener('drop', (e) => this.#onDrop(e), { signal });
    document.addEventListener('paste', (e) => this.#onPaste(e), { signal });
    // Never keep filming a page nobody looks at.
    document.addEventListener('visibilitychange', () => document.hidden && this.#stopCamera(), { signal });

    for (const b of this.querySelectorAll<HTMLButtonElement>('button[data-sample]')) {
      b.addEventListener('click', () => this.#fromSample(b.dataset.sample!), { signal });
    }
    wireActions(
      this,
      {
        load: () => void this.#ensureModel().catch(() => {}),
        'camera-start': () => void this.#startCamera(),
        'camera-snap': () => this.#snap(),
        'camera-stop': () => this.#stopCamera(),
      },
      signal,
    );
    ui.predictions.addEventListener(
      'click',
      (e) => {
        const b = (e.target as Element).closest<HTMLButtonElement>('button[data-rank]');
        if (b) this.#select(Number(b.dataset.rank));
      },
      { signal },
    );
    ui.camToggle.addEventListener('change', () => (ui.cam.hidden = !ui.camToggle.checked), { signal });
    ui.camOpacity.addEventListener('input', () => (ui.cam.style.opacity = String(Number(ui.camOpacity.value) / 100)), { signal });
    shareSettings(this, CLASSIFIER_LINK, signal);
    ui.cam.hidden = !ui.camToggle.checked;
    ui.cam.style.opacity = String(Number(ui.camOpacity.value) / 100);

    if (!navigator.mediaDevices?.getUserMedia) {
      ui.cameraStart.disabled = true;
      ui.cameraNote.textContent = problemMessage({ code: 'camera', reason: 'unsupported' }, photoStrings.here());
      ui.cameraNote.hidden = false;
    }
    this.#connection.onEnd(() => this.#stopCamera());

    void this.#checkCached();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
    this.#ui = undefined;
  }

  // --- inputs ------------------------------------------------------------------------------------------------------

  #onDrag(e: DragEvent): void {
    const types = e.dataTransfer?.types ?? [];
    if (!types.includes('Files') && !types.includes('text/uri-list')) return;
    e.preventDefault(); // allow dropping here (and never let the browser navigate to the file)
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.dataset.dragging = '';
  }

  #onDrop(e: DragEvent): void {
    delete this.dataset.dragging;
    const dt = e.dataTransfer;
    if (!dt) return;
    e.preventDefault();
    const file = dt.files[0];
    if (file) this.#fromBlob(file);
    // A picture dragged from another page arrives as a link we may not fetch (and would not: no requests for photos).
    else if (dt.types.includes('text/uri-list')) this.#showError(problemMessage({ code: 'dropped-link' }, photoStrings.here()));
  }

  #onPaste(e: ClipboardEvent): void {
    const target = e.target instanceof Element ? e.target : null;
    const inside = target ? this.contains(target) : false;
    // Pasting text into a code cell or a search box is none of our business.
    if (!inside && target?.closest('input, textarea, [contenteditable]:not([contenteditable="false"])')) return;
    // With several classifiers on a page, a paste outside all of them goes to the first.
    if (!inside && document.querySelector('resnet50-classifier') !== this) return;
    const files = e.clipboardData ? [...e.clipboardData.files] : [];
    const file = files.find((f) => f.type.startsWith('image/')) ?? files[0];
    if (file) {
      e.preventDefault();
      this.#fromBlob(file);
    } else if (inside) {
      this.#showError(problemMessage({ code: 'no-image-in-paste' }, photoStrings.here()));
    }
  }

  #fromBlob(blob: Blob): void {
    const step = () => decodeImage(blob);
    this.#lastInput = step;
    void this.#run(step);
  }

  #fromSample(url: string): void {
    const step = async () => {
      let res: Response;
      try {
        res = await fetch(url);
      } catch {
        throw new InputError({ code: 'sample-failed', status: null });
      }
      if (!res.ok) throw new InputError({ code: 'sample-failed', status: res.status });
      return decodeImage(await res.blob());
    };
    this.#lastInput = step;
    void this.#run(step);
  }

  async #startCamera(): Promise<void> {
    const ui = this.#ui!;
    if (this.#stream) return;
    this.#clearMessages();
    try {
      this.#stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 960 } },
        audio: false,
      });
    } catch (err) {
      const name = err instanceof DOMException ? err.name : '';
      this.#showError(problemMessage(cameraProblem(name, errorText(err)), photoStrings.here()));
      return;
    }
    ui.video.srcObject = this.#stream;
    ui.cameraPanel.hidden = false;
    ui.cameraStart.disabled = true;
    try {
      await ui.video.play();
    } catch {
      /* autoplay of a muted inline video is allowed; if not, the first frame still arrives */
    }
    this.querySelector<HTMLButtonElement>('[data-action="camera-snap"]')?.focus();
  }

  #snap(): void {
    const video = this.#ui!.video;
    const shot = snapshot(video);
    this.#stopCamera(); // one picture, then the camera is off again
    this.#lastInput = undefined;
    void this.#run(() => shot);
  }

  #stopCamera(): void {
    for (const t of this.#stream?.getTracks() ?? []) t.stop();
    this.#stream = undefined;
    const ui = this.#ui;
    if (!ui) return;
    ui.video.srcObject = null;
    ui.cameraPanel.hidden = true;
    ui.cameraStart.disabled = !navigator.mediaDevices?.getUserMedia;
  }

  // --- model -------------------------------------------------------------------------------------------------------

  async #checkCached(): Promise<void> {
    const name = this.dataset.cacheName;
    if (!name || typeof caches === 'undefined' || classifierClient.loaded) return;
    try {
      if (await caches.has(name)) {
        this.#ui!.modelText.textContent = strings.here().cachedText;
      }
    } catch {
      /* storage blocked: the default text is right */
    }
  }

  async #ensureModel(): Promise<ReadyMessage> {
    if (classifierClient.loaded) {
      this.#onReady(classifierClient.loaded);
      return classifierClient.loaded;
    }
    const ui = this.#ui!;
    const t = strings.here();
    this.dataset.model = 'loading';
    ui.progress.hidden = false;
    ui.modelText.textContent = t.loadingStart;
    const off = classifierClient.onProgress(({ loaded, total }) => {
      ui.progressBar.max = total;
      ui.progressBar.value = loaded;
      ui.progressText.textContent = formatProgress(loaded, total);
      ui.modelText.textContent = loaded < total ? t.loadingFetch : t.loadingBuild;
    });
    try {
      const ready = await classifierClient.load(new URL(this.dataset.weights ?? '/weights/resnet50/', location.href).href, chosenBackend(this));
      this.#onReady(ready);
      return ready;
    } catch (err) {
      this.dataset.model = 'failed';
      ui.progress.hidden = true;
      ui.modelText.textContent = t.notLoaded;
      this.dataset.state = 'error';
      this.#showError(
        t.loadFailed(errorText(err)),
        () => {
          this.#clearMessages();
          this.dataset.state = 'working';
          void this.#ensureModel().then(() => this.#lastInput && this.#run(this.#lastInput), () => {});
        },
      );
      throw err;
    } finally {
      off();
    }
  }

  #onReady(r: ReadyMessage): void {
    const ui = this.#ui!;
    if (this.dataset.model === 'ready') return;
    this.dataset.model = 'ready';
    part<HTMLSelectElement>(this, 'select[name="backend"]').disabled = true; // the page's one model keeps its backend
    ui.progress.hidden = true;
    const t = strings.here();
    const size = formatBytes(r.totalBytes);
    const where =
      r.networkBytes === 0
        ? t.fromDevice(size)
        : r.cachedBytes === 0
          ? t.downloaded(size, !r.cacheError)
          : t.mixed(formatBytes(r.networkBytes), formatBytes(r.cachedBytes));
    ui.modelText.textContent = t.ready(r.backend.chosen, where, r.cacheError);
  }

  // --- one picture -------------------------------------------------------------------------------------------------

  async #run(step: () => Promise<Decoded>): Promise<void> {
    const token = ++this.#inputSeq;
    const current = () => token === this.#inputSeq && this.#ui !== undefined;
    this.#clearMessages();
    this.dataset.state = 'working';
    const t = strings.here();
    this.#showNote(t.reading);
    let decoded: Decoded;
    try {
      decoded = await step();
    } catch (err) {
      if (current()) this.#inputFailed(err);
      return;
    }
    if (!current()) return decoded.bitmap.close();
    this.dataset.imageSize = `${decoded.width}x${decoded.height}`;
    try {
      if (!classifierClient.loaded) this.#showNote(t.loadingFirst);
      await this.#ensureModel();
    } catch {
      decoded.bitmap.close();
      return; // #ensureModel showed the error
    }
    if (!current()) return decoded.bitmap.close();
    this.#showNote(t.classifying);
    const { bitmap, ...info } = decoded;
    let result: ResultMessage;
    try {
      result = await classifierClient.classify(bitmap, 5);
    } catch (err) {
      if (current()) this.#inputFailed(err);
      return;
    }
    if (!current()) return;
    this.#render(result, info);
  }

  #inputFailed(err: unknown): void {
    this.dataset.state = 'error';
    this.#clearMessages();
    // The old results would now describe a different picture than the one the reader just gave.
    this.#ui!.results.hidden = true;
    this.#ui!.predictions.replaceChildren();
    this.#shown = undefined;
    this.#showError(err instanceof InputError ? inputErrorMessage(err, photoStrings.here()) : strings.here().wentWrong(errorText(err)));
  }

  #clearMessages(): void {
    const ui = this.#ui;
    if (!ui) return;
    ui.alert.replaceChildren();
    ui.note.replaceChildren();
    delete ui.note.dataset.tone;
  }

  #showError(message: string, retry?: () => void): void {
    const ui = this.#ui!;
    ui.alert.replaceChildren(message);
    if (retry) {
      const b = el('button', { type: 'button', textContent: strings.here().retry });
      b.dataset.action = 'retry';
      b.addEventListener('click', retry);
      ui.alert.append(b);
    }
  }

  #showNote(message: string, tone?: 'warning'): void {
    const ui = this.#ui!;
    ui.note.textContent = message;
    if (tone) ui.note.dataset.tone = tone;
    else delete ui.note.dataset.tone;
  }

  // --- results -----------------------------------------------------------------------------------------------------

  #render(result: ResultMessage, decoded: Omit<Decoded, 'bitmap'>): void {
    const ui = this.#ui!;
    const t = strings.here();
    const { c5 } = result;
    const cams = result.top.map((t) => classActivationMap(c5.data, c5.h, c5.w, c5.channels, t.weights));
    this.#shown = { result, decoded, cams };
    this.#clearMessages();
    if (decoded.notes.length) {
      const tiny = decoded.notes.some((n) => n.code === 'tiny');
      const words = photoStrings.here();
      this.#showNote(decoded.notes.map((n) => noteMessage(n, words)).join(t.noteSeparator), tiny ? 'warning' : undefined);
    }

    const source = decoded.format === 'camera' ? t.cameraSnapshot : formatName(decoded.format, photoStrings.here());
    ui.seenDetail.textContent = t.seenDetail(decoded.width, decoded.height, source, result.resize, result.cropSize);
    const ctx = ui.crop.getContext('2d')!;
    ui.crop.width = ui.crop.height = result.cropSize;
    ctx.putImageData(new ImageData(result.crop, result.cropSize, result.cropSize), 0, 0);

    ui.predictions.replaceChildren(...predictionItems(result));
    ui.stageGrid.replaceChildren(...stageFigures(result.stages));
    drawTimings(ui, result, decoded, classifierClient.loaded, chosenBackend(this));
    ui.results.hidden = false;
    this.#select(0);

    this.#classified++;
    this.dataset.classified = String(this.#classified);
    this.dataset.numTensors = String(result.numTensors);
    this.dataset.state = 'done';
  }

  /** Shows the CAM of the rank-th class. */
  #select(rank: number): void {
    const ui = this.#ui!;
    const shown = this.#shown;
    if (!shown || !shown.result.top[rank]) return;
    for (const b of ui.predictions.querySelectorAll<HTMLButtonElement>('button[data-rank]')) {
      b.setAttribute('aria-pressed', String(Number(b.dataset.rank) === rank));
    }
    drawCam(ui.cam, ui.camCaption, shown, rank);
  }
}

if (!customElements.get('resnet50-classifier')) customElements.define('resnet50-classifier', ResNet50ClassifierElement);
