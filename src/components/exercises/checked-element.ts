/** <checked-answer>: checks the typed answer on submit (Enter or the button) and says why it is or is not right. */
import { checkNumber, checkText, parseNumber, type Verdict } from './check';

const MESSAGES: Record<Verdict, string> = {
  correct: 'Correct.',
  close: 'Close, but not within the tolerance. Check your arithmetic.',
  wrong: 'Not quite. Try again.',
  unreadable: 'Type an answer first.',
};

class CheckedAnswer extends HTMLElement {
  connectedCallback(): void {
    const form = this.querySelector('form');
    if (!form || form.dataset.ready) return;
    form.dataset.ready = '1';
    // The worked solution waits for a first real attempt, so a reader cannot skip the thinking by one click.
    // Without JavaScript the <details> stays as rendered (closed, openable): the check cannot run there.
    const solution = this.querySelector<HTMLDetailsElement>('details.solution');
    const waiting = this.querySelector<HTMLElement>('[data-role="solution-waits"]');
    if (solution && waiting) {
      solution.hidden = true;
      waiting.hidden = false;
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const input = form.querySelector('input')!;
      const verdict = this.#check(input.value);
      let message = MESSAGES[verdict];
      if (verdict === 'unreadable' && input.value.trim()) message = `“${input.value}” is not a number I can read; try e.g. 16384 or 16.4k.`;
      if ((verdict === 'wrong' || verdict === 'close') && this.dataset.hint) message += ` Hint: ${this.dataset.hint}`;
      form.dataset.verdict = verdict;
      input.setAttribute('aria-invalid', String(verdict !== 'correct'));
      form.querySelector('[data-role="feedback"]')!.textContent = message;
      if (verdict !== 'unreadable' && solution && waiting) {
        solution.hidden = false;
        waiting.hidden = true;
      }
    });
  }

  #check(given: string): Verdict {
    if (this.dataset.kind === 'number') {
      if (!given.trim()) return 'unreadable';
      return checkNumber(parseNumber(given), Number(this.dataset.answer), Number(this.dataset.tolerance ?? 0.01)).verdict;
    }
    return checkText(given, JSON.parse(this.dataset.accept ?? '[]') as string[]);
  }
}

if (!customElements.get('checked-answer')) customElements.define('checked-answer', CheckedAnswer);
