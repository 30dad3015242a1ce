/**
 * The webcam: hold a class's "Hold to capture" button (pointer, or Space/Enter) and frames join that class about five
 * times a second, at most MAX_FRAMES_PER_HOLD per hold; the try-it area's "Capture" classifies one frame. A frame
 * becomes a JPEG File, so it takes exactly the path a chosen file takes (the same checks, thumbnail and features).
 * The camera starts on first use, with a small live preview next to the button in use, and stops when the widget
 * disconnects or the preview's class is removed. Pacing (framesDue) is pure, for the tests.
 */
import { strings, type TransferWords } from './strings';

export const FRAME_INTERVAL_MS = 200;
export const MAX_FRAMES_PER_HOLD = 60;
/** The network's input side: a bigger frame would only be scaled down again. */
const FRAME_SIDE = 224;

/** Whether another frame is due `elapsedMs` into a hold that has taken `taken` frames (the first one at once). */
export function framesDue(elapsedMs: number, taken: number, intervalMs = FRAME_INTERVAL_MS, maxFrames = MAX_FRAMES_PER_HOLD): boolean {
  return taken < maxFrames && elapsedMs >= taken * intervalMs;
}

/** What the reader is told when the browser gives no camera (by the DOMException's name). */
export function cameraProblem(name: string | undefined, t: TransferWords = strings.en): string {
  if (name === 'NotAllowedError' || name === 'SecurityError') return t.cameraBlocked;
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return t.noCamera;
  return t.noCameraHere;
}

export interface WebcamTargets {
  classFiles(classId: number, files: File[]): void;
  tryFile(file: File): void;
  hasModel(): boolean;
  fail(message: string): void;
}

export function wireWebcam(root: HTMLElement, signal: AbortSignal, to: WebcamTargets): void {
  const t = strings.here();
  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, className: 'webcam-preview' });
  video.setAttribute('aria-label', t.livePreview);
  let stream: Promise<MediaStream> | undefined;
  let hold: { button: HTMLButtonElement; timer: number } | undefined;
  let frames = 0;

  const stopCamera = () => {
    void stream?.then((s) => s.getTracks().forEach((t) => t.stop()), () => {});
    stream = undefined;
    video.srcObject = null;
    video.remove();
  };
  signal.addEventListener('abort', () => (endHold(), stopCamera()));
  // The preview went with its class card: nothing shows the camera any more, so stop it.
  const watch = new MutationObserver(() => stream && !video.isConnected && (endHold(), stopCamera()));
  watch.observe(root, { childList: true, subtree: true });
  signal.addEventListener('abort', () => watch.disconnect());

  /** The camera running and showing next to `button`; undefined (and a message) when there is none. */
  async function camera(button: HTMLButtonElement): Promise<HTMLVideoElement | undefined> {
    // Below the button's row, not in it: a preview beside a held button would move it from under the pointer.
    const row = button.closest('.adders');
    if (row) row.after(video);
    else button.after(video);
    stream ??= navigator.mediaDevices?.getUserMedia
      ? navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 320 }, height: { ideal: 240 } }, audio: false })
      : Promise.reject(new DOMException('no mediaDevices', 'NotSupportedError'));
    const pending = stream;
    try {
      const s = await pending;
      if (pending !== stream || signal.aborted) return undefined; // stopped meanwhile
      if (video.srcObject !== s) video.srcObject = s;
      await video.play();
      if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await new Promise((r) => video.addEventListener('loadeddata', r, { once: true }));
      return video;
    } catch (err) {
      if (pending === stream) stopCamera();
      to.fail(cameraProblem(err instanceof DOMException ? err.name : undefined, t));
      return undefined;
    }
  }

  /** The centre square of the current frame at 224 px, as a JPEG file. */
  async function grab(): Promise<File | undefined> {
    const c = Object.assign(document.createElement('canvas'), { width: FRAME_SIDE, height: FRAME_SIDE });
    const s = Math.min(video.videoWidth, video.videoHeight);
    if (!s) return undefined;
    c.getContext('2d')!.drawImage(video, (video.videoWidth - s) / 2, (video.videoHeight - s) / 2, s, s, 0, 0, FRAME_SIDE, FRAME_SIDE);
    const blob = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/jpeg', 0.9));
    return blob ? new File([blob], `webcam-${++frames}.jpg`, { type: 'image/jpeg' }) : undefined;
  }

  async function startHold(button: HTMLButtonElement): Promise<void> {
    if (hold) return;
    const classId = Number(button.closest<HTMLElement>('[data-class-id]')?.dataset.classId);
    const current = (hold = { button, timer: 0 });
    button.setAttribute('aria-pressed', 'true');
    if (!(await camera(button)) || hold !== current) return endHold();
    const started = performance.now();
    let taken = 0;
    const tick = async () => {
      if (hold !== current) return;
      if (framesDue(performance.now() - started, taken)) {
        taken++;
        const file = await grab();
        if (file && hold === current) to.classFiles(classId, [file]);
      }
      if (taken >= MAX_FRAMES_PER_HOLD) return endHold();
      if (hold === current) current.timer = window.setTimeout(tick, Math.max(0, started + taken * FRAME_INTERVAL_MS - performance.now()));
    };
    void tick();
  }

  function endHold(): void {
    if (!hold) return;
    clearTimeout(hold.timer);
    hold.button.setAttribute('aria-pressed', 'false');
    hold = undefined;
  }

  async function captureTry(button: HTMLButtonElement): Promise<void> {
    if (!to.hasModel()) return to.fail(t.trainFirst);
    if (!(await camera(button))) return;
    const file = await grab();
    if (file) to.tryFile(file);
  }

  const holdButton = (t: EventTarget | null) => (t instanceof Element ? t.closest<HTMLButtonElement>('button[data-action="webcam"]') : null);
  const holdKey = (e: KeyboardEvent) => e.key === ' ' || e.key === 'Enter';
  root.addEventListener('pointerdown', (e) => {
    const b = holdButton(e.target);
    if (b && e.button === 0) void startHold(b);
  }, { signal });
  for (const type of ['pointerup', 'pointercancel'] as const) root.addEventListener(type, () => endHold(), { signal });
  root.addEventListener('pointerout', (e) => holdButton(e.target) === hold?.button && endHold(), { signal });
  root.addEventListener('keydown', (e) => {
    const b = holdButton(e.target);
    if (!b || !holdKey(e)) return;
    e.preventDefault(); // no scrolling on Space, no click on Enter
    if (!e.repeat) void startHold(b);
  }, { signal });
  root.addEventListener('keyup', (e) => holdButton(e.target) && holdKey(e) && (e.preventDefault(), endHold()), { signal });
  root.addEventListener('focusout', (e) => holdButton(e.target) === hold?.button && endHold(), { signal });
  root.addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest<HTMLButtonElement>('button[data-action="webcam-try"]') : null;
    if (b) void captureTry(b);
  }, { signal });
}
