/**
 * <resnext-result>: with data-reveal, hides the committed runs' result until the reader asks for it, then reports the
 * verdict (data-answer, worded as the prediction's choices) as an `experiment-result` event, so an enclosing <predict-then-run> compares it with the prediction.
 * Without JavaScript (or without data-reveal) the result is simply shown.
 */
import { Connection, wireActions } from '../shared/element';

export class ResnextResultElement extends HTMLElement {
  #connection = new Connection();

  connectedCallback(): void {
    const signal = this.#connection.start();
    const result = this.querySelector<HTMLElement>('[data-role="result"]');
    if (this.dataset.reveal !== undefined && result) {
      // Hidden once, on the first connection; shown for good once revealed.
      if (this.dataset.ready === undefined) result.hidden = true;
      wireActions(this, { reveal: (button) => this.#reveal(button, result) }, signal);
      const button = this.querySelector<HTMLButtonElement>('[data-action="reveal"]');
      if (button) button.hidden = !result.hidden;
    }
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  #reveal(button: HTMLButtonElement, result: HTMLElement): void {
    result.hidden = false;
    button.hidden = true;
    this.dispatchEvent(new CustomEvent('experiment-result', { bubbles: true, detail: { value: this.dataset.answer } }));
  }
}

if (!customElements.get('resnext-result')) customElements.define('resnext-result', ResnextResultElement);
