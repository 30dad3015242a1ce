// The webcam's pacing: the first frame at once, then one per interval, never more than the cap per hold; and each
// camera failure gets a message that says what to do.
import { describe, expect, test } from 'vitest';
import { FRAME_INTERVAL_MS, MAX_FRAMES_PER_HOLD, cameraProblem, framesDue } from '../../src/widgets/transfer-learning/webcam';

/** Frames a hold of `holdMs` takes when checked every `tickMs`. */
function framesTaken(holdMs: number, tickMs: number, interval = FRAME_INTERVAL_MS, max = MAX_FRAMES_PER_HOLD): number {
  let taken = 0;
  for (let t = 0; t <= holdMs; t += tickMs) if (framesDue(t, taken, interval, max)) taken++;
  return taken;
}

describe('framesDue', () => {
  test('about five frames a second', () => {
    expect(FRAME_INTERVAL_MS).toBe(200);
    expect(framesTaken(1000, 10)).toBe(6); // at 0, 200, …, 1000 ms
    expect(framesTaken(999, 10)).toBe(5);
    expect(framesDue(0, 0)).toBe(true);
    expect(framesDue(199, 1)).toBe(false);
    expect(framesDue(200, 1)).toBe(true);
  });

  test('a slow tick never catches up with a burst: at most one frame per check', () => {
    expect(framesTaken(2000, 1000)).toBe(3);
  });

  test('never more than the cap per hold', () => {
    expect(framesTaken(60_000, 50)).toBe(MAX_FRAMES_PER_HOLD);
    expect(framesTaken(10_000, 50, 100, 7)).toBe(7);
    expect(framesDue(1e9, MAX_FRAMES_PER_HOLD)).toBe(false);
  });
});

describe('cameraProblem', () => {
  test('denied, missing and unsupported cameras are told apart', () => {
    expect(cameraProblem('NotAllowedError')).toMatch(/blocked/);
    expect(cameraProblem('NotFoundError')).toMatch(/No usable camera/);
    expect(cameraProblem(undefined)).toMatch(/no camera/);
  });
});
