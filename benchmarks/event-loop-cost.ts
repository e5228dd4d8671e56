/**
 * What one awaited call costs the event loop: its wall time, the event loop's busy time during it
 * (eventLoopUtilization), and the longest stall a 5 ms timer saw (the time other clients waited).
 */
import { performance } from 'node:perf_hooks';

const PERIOD_MS = 5;

export async function eventLoopCost<T>(call: () => Promise<T>): Promise<{ value: T; callMs: number; worstStallMs: number; loopBusyMs: number }> {
  let last = performance.now();
  let worstGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
  }, PERIOD_MS);
  const started = performance.now();
  const elu = performance.eventLoopUtilization();
  try {
    const value = await call();
    const busy = performance.eventLoopUtilization(elu);
    const callMs = performance.now() - started;
    // The gap still open when the call returns (an in-thread call may end before the timer's first tick).
    worstGap = Math.max(worstGap, performance.now() - last);
    return { value, callMs: Math.round(callMs), worstStallMs: Math.round(Math.max(0, worstGap - PERIOD_MS)), loopBusyMs: Math.round(busy.active) };
  } finally {
    clearInterval(timer);
  }
}
