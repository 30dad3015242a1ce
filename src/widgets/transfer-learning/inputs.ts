/**
 * Where the reader's pictures go: each class's file and folder inputs, a drop on a class (folders walked), a paste
 * (into the class last focused, or the try-it area once a model exists), the try-it input and the model-file input.
 */
import { problemMessage } from '../shared/messages';
import { strings as photoStrings } from '../shared/photo/strings';
import { droppedFiles } from './pictures';

export interface InputTargets {
  /** Files for a class (undefined: the one last used, else the first). */
  classFiles(classId: number | undefined, files: File[]): void;
  tryFile(file: File): void;
  importFile(file: File | undefined): void;
  hasModel(): boolean;
  fail(message: string): void;
}

const classOf = (target: EventTarget | null): number | undefined => {
  const id = target instanceof Element ? target.closest<HTMLElement>('[data-class-id]')?.dataset.classId : undefined;
  return id === undefined ? undefined : Number(id);
};

export function wireInputs(root: HTMLElement, signal: AbortSignal, to: InputTargets): void {
  /** The class a paste goes to: the last one focused (undefined after focusing the try-it area). */
  let pasteClass: number | undefined;
  const inTry = (t: EventTarget | null) => t instanceof Element && t.closest('[data-role="try"]') !== null;

  root.addEventListener('focusin', (e) => {
    const id = classOf(e.target);
    if (id !== undefined) pasteClass = id;
    else if (inTry(e.target)) pasteClass = undefined;
  }, { signal });

  root.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.type !== 'file') return;
    const files = [...(input.files ?? [])];
    input.value = ''; // the same file again must fire `change` again
    if (input.dataset.role === 'import') to.importFile(files[0]);
    else if (inTry(input)) files[0] && to.tryFile(files[0]);
    else if (classOf(input) !== undefined) to.classFiles(classOf(input), files);
  }, { signal });

  const onDrag = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault(); // allow dropping here (and never let the browser open the file)
    e.dataTransfer.dropEffect = 'copy';
    (e.target as Element).closest?.('[data-role="class"]')?.setAttribute('data-dragging', '');
  };
  root.addEventListener('dragenter', onDrag, { signal });
  root.addEventListener('dragover', onDrag, { signal });
  root.addEventListener('dragleave', (e) => (e.target as Element).closest?.('[data-role="class"]')?.removeAttribute('data-dragging'), { signal });
  root.addEventListener('drop', async (e) => {
    const dt = e.dataTransfer;
    if (!dt) return;
    e.preventDefault();
    (e.target as Element).closest?.('[data-role="class"]')?.removeAttribute('data-dragging');
    const files = await droppedFiles(dt);
    if (files.length === 0) to.fail(problemMessage({ code: 'dropped-link' }, photoStrings.here()));
    else if (inTry(e.target)) to.tryFile(files[0]!);
    else to.classFiles(classOf(e.target) ?? pasteClass, files);
  }, { signal });

  document.addEventListener('paste', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    const inside = target ? root.contains(target) : false;
    // Pasting text into a code cell or a search box is none of our business.
    if (!inside && target?.closest('input, textarea, [contenteditable]:not([contenteditable="false"])')) return;
    if (!inside && document.querySelector(root.localName) !== root) return; // several on a page: the first one
    const files = e.clipboardData ? [...e.clipboardData.files] : [];
    if (files.length === 0) return;
    e.preventDefault();
    if (pasteClass === undefined && to.hasModel()) to.tryFile(files[0]!);
    else to.classFiles(pasteClass, files);
  }, { signal });
}
