/** <checked-answer>: checks the typed answer on submit (Enter or the button) and says why it is or is not right. */
import { checkNumber, checkText, parseNumber, type Verdict } from './check';
import { exerciseWords } from './strings';

const t = exerciseWords();
const MESSAGES: Record<Verdict, string> = { correct: t.correct, close: t.close, wrong: t.wrong, unreadable: t.unreadable };

class CheckedAnswer extends HTMLElement {
  connectedCallback(): void {
    const form = this.querySelector('form');
    if (!form || form.dataset.ready) return;
    form.dataset.ready = '1';
    // The worked solution waits until the reader has it right or has tried twice, so a reader cannot skip the thinking
    // with one guess. CSS keeps it hidden from the first paint where scripting is on (CheckedAnswer.astro); without
    // JavaScript it is there to open, since the check cannot run.
    const hasSolution = this.querySelector('details.solution') !== null;
    let wrongTries = 0;
    const feedback = form.querySelector<HTMLElement>('[data-role="feedback"]')!;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const input = form.querySelector('input')!;
      const verdict = this.#check(input.value);
      let message = MESSAGES[verdict];
      if (verdict === 'unreadable' && input.value.trim()) message = t.notANumberAnswer(input.value);
      if ((verdict === 'wrong' || verdict === 'close') && this.dataset.hint) message += t.hint(this.dataset.hint);
      form.dataset.verdict = verdict;
      input.setAttribute('aria-invalid', String(verdict !== 'correct'));
      if (verdict === 'wrong' || verdict === 'close') wrongTries++;
      const reveal = hasSolution && this.dataset.solution !== 'shown' && (verdict === 'correct' || wrongTries >= 2);
      if (reveal) {
        this.dataset.solution = 'shown';
        message += t.solutionBelow;
      }
      // Emptied first, then written: a screen reader announces a live region's change, and the same answer twice
      // would otherwise change nothing.
      feedback.textContent = '';
      requestAnimationFrame(() => {
        feedback.textContent = message;
      });
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
