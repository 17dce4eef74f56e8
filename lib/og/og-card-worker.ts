/**
 * The card worker's entry: a worker thread (card-worker.ts starts it) that draws Open Graph cards
 * one job at a time, so satori's layout, resvg's rasteriser and the font parse never run on the
 * thread that serves requests. The function package ships it bundled as og-card-worker.js
 * (scripts/package-function.mjs); a source checkout runs this file through tsx.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { answerCardJob, type CardJob, type CardWorkerReady } from './card-job';

/**
 * Pages before cards: on Linux a thread has its own nice value, so this thread (found through
 * /proc/thread-self) gives way to the request thread when both want the CPU, and takes all of it
 * when the request thread is idle. Elsewhere the worker keeps the process's priority.
 */
function yieldToRequests(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10);
  } catch {
    // No /proc (not Linux): same priority as the request thread.
  }
}

const port = parentPort;
if (!port) throw new Error('og-card-worker runs as a worker thread (lib/og/card-worker.ts)');
yieldToRequests();
port.on('message', (job: CardJob) => {
  void answerCardJob(job).then((answer) => port.postMessage(answer, 'png' in answer ? [answer.png.buffer as ArrayBuffer] : []));
});
port.postMessage({ ready: true } satisfies CardWorkerReady);
