/**
 * <resnext-result>: with data-reveal, hides the committed runs' result until the reader asks for it, then reports the
 * verdict (data-answer, worded as the prediction's choices) as an `experiment-result` event, so an enclosing <predict-then-run> compares it with the prediction.
 * Without JavaScript (or without data-reveal) the result is simply shown.
 */
export class ResnextResultElement extends HTMLElement {
  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    const button = this.querySelector<HTMLButtonElement>('[data-action="reveal"]');
    const result = this.querySelector<HTMLElement>('[data-role="result"]');
    if (this.dataset.reveal !== undefined && button && result) {
      result.hidden = true;
      button.hidden = false;
      button.addEventListener('click', () => {
        result.hidden = false;
        button.hidden = true;
        this.dispatchEvent(new CustomEvent('experiment-result', { bubbles: true, detail: { value: this.dataset.answer } }));
      });
    }
    this.dataset.ready = '';
  }
}

if (!customElements.get('resnext-result')) customElements.define('resnext-result', ResnextResultElement);
