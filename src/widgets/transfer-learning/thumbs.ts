/**
 * The thumbnails of the reader's images, by image id: each a list item with the picture (a blob: URL of its PNG)
 * and a remove button. The URL lives exactly as long as its item: revoked when the item goes.
 */
import { thumbItem } from './pictures';

export class Thumbs {
  #items = new Map<number, HTMLLIElement>();
  #urls = new Map<number, string>();

  get(id: number): HTMLLIElement | undefined {
    return this.#items.get(id);
  }

  add(id: number, className: string, png: Blob, index: number): void {
    this.remove(id);
    const url = URL.createObjectURL(png);
    this.#urls.set(id, url);
    this.#items.set(id, thumbItem(id, className, url, index));
  }

  remove(id: number): void {
    this.#items.get(id)?.remove();
    this.#items.delete(id);
    const url = this.#urls.get(id);
    if (url) URL.revokeObjectURL(url);
    this.#urls.delete(id);
  }

  clear(): void {
    for (const id of [...this.#items.keys()]) this.remove(id);
  }
}
