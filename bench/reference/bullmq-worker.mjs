// The reference a Herald user would otherwise wire up: a BullMQ queue whose worker, at a given concurrency, makes for
// each job the Graph call Herald's worker makes to publish a post (POST /{page}/feed on the platform simulator).
// Prints one JSON line: {"jobs", "concurrency", "seconds", "jobsPerSecond", "failed", "cpuMsPerJob"} (the CPU this
// process spent from the first job to the last, enqueueing not included).
//
//   node bench/reference/bullmq-worker.mjs --redis redis://127.0.0.1:6379/9 --graph http://localhost:28090 \
//     --page <page-id> --token <page-token> --jobs 20000 --concurrency 50
import { Queue, Worker } from 'bullmq';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (i % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const jobs = Number(args.jobs ?? 1000);
const concurrency = Number(args.concurrency ?? 50);
const url = new URL(args.redis ?? 'redis://127.0.0.1:6379/9');
const connection = { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0),
  maxRetriesPerRequest: null };
const name = `herald-bench-${Date.now()}`;
const queue = new Queue(name, { connection });

for (let added = 0; added < jobs; added += 1000) {
  const batch = [];
  for (let i = added; i < Math.min(jobs, added + 1000); i++) {
    batch.push({ name: 'publish', data: { message: `BullMQ reference ${name} ${i}` },
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true } });
  }
  await queue.addBulk(batch);
}

let done = 0;
let failed = 0;
const started = process.hrtime.bigint();
const cpuAtStart = process.cpuUsage();
const finished = new Promise((resolve) => {
  const worker = new Worker(name, async (job) => {
    const answer = await fetch(`${args.graph}/v21.0/${args.page}/feed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${args.token}` },
      body: JSON.stringify({ message: job.data.message }),
    });
    if (!answer.ok) {
      throw new Error(`Graph answered ${answer.status}`);
    }
    await answer.json();
  }, { connection, concurrency });
  const count = () => {
    if (done + failed === jobs) {
      resolve(worker);
    }
  };
  worker.on('completed', () => { done++; count(); });
  worker.on('failed', (job) => { if (job.attemptsMade >= 3) { failed++; count(); } });
});
const worker = await finished;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuAtStart);
console.log(JSON.stringify({ jobs, concurrency, seconds, jobsPerSecond: done / seconds, failed,
  cpuMsPerJob: (cpu.user + cpu.system) / 1000 / jobs }));
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
