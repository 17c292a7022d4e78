//! The bounded compute pool: where every heavy request runs, so the async runtime never blocks.
//!
//! Why not `tokio::task::spawn_blocking`? Its pool grows to hundreds of threads and queues
//! without bound, which turns overload into ever-growing latency. Here a fixed set of general
//! workers (`--threads`, default one per core) takes jobs in arrival order, and a request is
//! admitted only if it can expect to start in time: at most `--max-queue` requests wait, and
//! the work ahead of a new one must fit in `--max-queue-wait-ms` ([`admission`]). A refused
//! request gets 503 at once, with a `Retry-After` computed from the queue's expected drain time,
//! so a saturated server stays honest instead of timing out.
//!
//! Admission is a [`Ticket`], taken when a request's headers arrive ([`ComputePool::admit`]),
//! before its body is read: refusing a 1 MB body costs microseconds, not the time to read it.
//! The ticket holds the request's place (and its expected cost) until it runs, or gives it
//! back if the request never gets that far.
//!
//! Kinds of request that have proven light (microseconds) run in a lane of their own: one
//! extra worker takes only those, and a general worker takes a waiting light job before a
//! heavy one, so a `/dot` never waits behind queued SVDs.
//!
//! faer runs sequentially inside each job (`Par::Seq`) whenever more than one job is running or
//! waiting: the pool already has one thread per core, so faer's own threads would only
//! oversubscribe the cores. A job that runs alone (nothing else running or queued) would leave
//! every other core idle, so with `--parallel-when-idle` faer may then use rayon's pool of one
//! thread per core. It is off by default: faer's parallel SVD and eigen solvers round
//! differently from the sequential ones, so answers would depend on the load in their last
//! bits. The setting is faer's global one, re-decided under a lock each time a job is queued,
//! starts or ends; a faer call already running keeps the setting it started with, so when a job
//! arrives during a lone parallel call the cores are briefly shared by more threads than they
//! have, until that call returns.
//!
//! Each job carries the caller's tracing span (a request's span names its request id), so the
//! line a job logs when it finishes (`debug`, or `info` past [`SLOW_JOB`]) says which request
//! it was; it catches panics (a bug becomes a 500 for that one request, never a dead worker),
//! and records when it was queued and started, from which the `timing` of every response is
//! computed.

pub mod admission;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use tokio::sync::oneshot;
use tracing::Span;

use admission::{Backlog, CostModel, Estimate};
pub use admission::{CostKey, Lane, Refusal};

type Job = Box<dyn FnOnce(usize) + Send + 'static>;

/// A job running at least this long is logged at `info`, not `debug`.
pub const SLOW_JOB: Duration = Duration::from_secs(1);

/// Why a job did not run to completion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PoolError {
    /// Admission refused the request: the queue is full, or the work ahead would take longer
    /// than the time budget.
    #[error("{}", overload_message(*reason, *waiting, *expected_wait_ms, *budget_ms, *retry_after_secs))]
    Overloaded {
        reason: Refusal,
        waiting: usize,
        expected_wait_ms: u64,
        budget_ms: u64,
        retry_after_secs: u64,
    },
    /// The job panicked (a bug): the worker survives.
    #[error("a compute job panicked: {0}")]
    Panicked(String),
    /// The pool is shutting down.
    #[error("the compute pool has stopped")]
    Stopped,
}

fn overload_message(
    reason: Refusal,
    waiting: usize,
    expected_wait_ms: u64,
    budget_ms: u64,
    retry_after_secs: u64,
) -> String {
    match reason {
        Refusal::QueueFull => format!(
            "the compute queue is full ({waiting} requests waiting, --max-queue); retry in \
             {retry_after_secs} s"
        ),
        Refusal::WaitOverBudget => format!(
            "the work already queued would take about {expected_wait_ms} ms to start this \
             request, over the {budget_ms} ms budget (--max-queue-wait-ms); retry in \
             {retry_after_secs} s"
        ),
    }
}

/// When a job was handed to the pool and when a worker picked it up.
#[derive(Debug, Clone, Copy)]
pub struct JobClock {
    pub submitted: Instant,
    pub started: Instant,
}

/// Live counters, exported as gauges in `/metrics`.
#[derive(Debug, Default)]
pub struct PoolStats {
    /// Admitted jobs not started yet (both lanes).
    pub queued: AtomicUsize,
    pub busy: AtomicUsize,
    /// Whether a lone job may run faer in parallel, and on how many threads.
    parallel_when_idle: Option<usize>,
    /// Serializes decisions about faer's (process-wide) parallelism.
    retune: Mutex<()>,
}

impl PoolStats {
    /// Sets faer's parallelism for the current load: all cores for a lone job, else one each.
    fn retune(&self) {
        let Some(threads) = self.parallel_when_idle else {
            return;
        };
        let _decision = self.retune.lock().unwrap_or_else(|e| e.into_inner());
        let alone =
            self.busy.load(Ordering::SeqCst) <= 1 && self.queued.load(Ordering::SeqCst) == 0;
        faer::set_global_parallelism(if alone {
            faer::Par::rayon(threads)
        } else {
            faer::Par::Seq
        });
    }
}

/// The admission state: the heavy lane's backlog, the light lane's length, learnt costs.
#[derive(Debug, Default)]
struct Ledger {
    heavy_waiting: usize,
    heavy_waiting_us: u64,
    light_waiting: usize,
    costs: CostModel,
}

/// What the workers and the tickets share.
struct Shared {
    light: Sender<Job>,
    heavy: Sender<Job>,
    stats: PoolStats,
    ledger: Mutex<Ledger>,
    /// Per general worker, when its running job is expected to end (microseconds since
    /// `epoch`); 0 when idle.
    expected_end_us: Vec<AtomicU64>,
    epoch: Instant,
    threads: usize,
    max_queue: usize,
    max_light_queue: usize,
    budget_us: u64,
}

impl Shared {
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        // the ledger is plain counters: a panic elsewhere cannot leave it half-updated
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_us(&self) -> u64 {
        self.epoch
            .elapsed()
            .as_micros()
            .try_into()
            .unwrap_or(u64::MAX)
    }

    fn backlog(&self, ledger: &Ledger) -> Backlog {
        let now = self.now_us();
        let ends = self
            .expected_end_us
            .iter()
            .map(|end| end.load(Ordering::Relaxed));
        let (mut running_remaining_us, mut idle_workers) = (0, 0);
        for end in ends {
            if end == 0 {
                idle_workers += 1;
            } else {
                running_remaining_us += end.saturating_sub(now);
            }
        }
        Backlog {
            waiting: ledger.heavy_waiting,
            waiting_us: ledger.heavy_waiting_us,
            running_remaining_us,
            idle_workers,
        }
    }

    /// Gives back a place that was reserved (a ticket dropped, or its job started).
    fn release(&self, lane: Lane, cost_us: u64) {
        let mut ledger = self.ledger();
        match lane {
            Lane::Light => ledger.light_waiting -= 1,
            Lane::Heavy => {
                ledger.heavy_waiting -= 1;
                ledger.heavy_waiting_us -= cost_us;
            }
        }
        drop(ledger);
        self.stats.queued.fetch_sub(1, Ordering::SeqCst);
    }
}

pub struct ComputePool {
    shared: Arc<Shared>,
}

impl ComputePool {
    /// Starts `threads` general workers and one light-lane worker. At most `max_queue` heavy
    /// jobs wait; `max_queue_wait` (zero: no limit) bounds their expected wait.
    pub fn new(
        threads: usize,
        max_queue: usize,
        max_queue_wait: Duration,
        parallel_when_idle: bool,
    ) -> Self {
        let threads = threads.max(1);
        faer::set_global_parallelism(faer::Par::Seq);
        if parallel_when_idle {
            // one rayon thread per worker; an error means another pool in this process (tests)
            // built it already
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("faer-{i}"))
                .build_global();
        }
        // Unbounded channels: admission bounds what enters them.
        let (light, light_rx) = crossbeam_channel::unbounded::<Job>();
        let (heavy, heavy_rx) = crossbeam_channel::unbounded::<Job>();
        for slot in 0..threads {
            let (light_rx, heavy_rx) = (light_rx.clone(), heavy_rx.clone());
            spawn_worker(format!("compute-{slot}"), move || {
                general_worker(slot, &light_rx, &heavy_rx)
            });
        }
        spawn_worker("compute-light".into(), move || {
            while let Ok(job) = light_rx.recv() {
                job(usize::MAX);
            }
        });
        ComputePool {
            shared: Arc::new(Shared {
                light,
                heavy,
                stats: PoolStats {
                    parallel_when_idle: (parallel_when_idle && threads > 1).then_some(threads),
                    ..PoolStats::default()
                },
                ledger: Mutex::new(Ledger::default()),
                expected_end_us: (0..threads).map(|_| AtomicU64::new(0)).collect(),
                epoch: Instant::now(),
                threads,
                max_queue,
                max_light_queue: max_queue.saturating_mul(8).max(256),
                budget_us: max_queue_wait.as_micros().try_into().unwrap_or(u64::MAX),
            }),
        }
    }

    pub fn threads(&self) -> usize {
        self.shared.threads
    }

    pub fn max_queue(&self) -> usize {
        self.shared.max_queue
    }

    pub fn stats(&self) -> &PoolStats {
        &self.shared.stats
    }

    /// Reserves a place for a request of kind `key`, or refuses it with the time to come
    /// back. Call it when the request's headers arrive, before reading its body.
    pub fn admit(&self, key: CostKey) -> Result<Ticket, PoolError> {
        let shared = &self.shared;
        let mut ledger = shared.ledger();
        let estimate = ledger.costs.estimate(&key);
        match estimate.lane {
            Lane::Light if ledger.light_waiting < shared.max_light_queue => {
                ledger.light_waiting += 1;
            }
            Lane::Light => {
                return Err(PoolError::Overloaded {
                    reason: Refusal::QueueFull,
                    waiting: ledger.light_waiting,
                    expected_wait_ms: 0,
                    budget_ms: shared.budget_us / 1000,
                    retry_after_secs: 1,
                });
            }
            Lane::Heavy => {
                let backlog = shared.backlog(&ledger);
                if let Err(reason) = admission::admit_heavy(
                    &backlog,
                    shared.threads,
                    shared.max_queue,
                    shared.budget_us,
                ) {
                    metrics::counter!("linalg_admission_refused_total", "reason" => match reason {
                        Refusal::QueueFull => "queue_full",
                        Refusal::WaitOverBudget => "wait_over_budget",
                    })
                    .increment(1);
                    return Err(PoolError::Overloaded {
                        reason,
                        waiting: backlog.waiting,
                        expected_wait_ms: backlog.expected_wait_us(shared.threads) / 1000,
                        budget_ms: shared.budget_us / 1000,
                        retry_after_secs: admission::retry_after_secs(&backlog, shared.threads),
                    });
                }
                ledger.heavy_waiting += 1;
                ledger.heavy_waiting_us += estimate.cost_us;
            }
        }
        drop(ledger);
        shared.stats.queued.fetch_add(1, Ordering::SeqCst);
        shared.stats.retune();
        Ok(Ticket {
            shared: Arc::clone(shared),
            key,
            estimate,
            reserved: true,
        })
    }

    /// Admits and runs `f` as a request of kind `key` (for requests without a body, where
    /// admission and running happen at once).
    pub async fn run<T, F>(&self, key: CostKey, f: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce(JobClock) -> T + Send + 'static,
    {
        self.admit(key)?.run(f).await
    }
}

/// A place in the pool, held from admission until the job starts; dropped unused, it gives the
/// place back.
pub struct Ticket {
    shared: Arc<Shared>,
    key: CostKey,
    estimate: Estimate,
    reserved: bool,
}

impl Ticket {
    /// The lane admission chose.
    pub fn lane(&self) -> Lane {
        self.estimate.lane
    }

    /// Runs `f` on a worker and waits for it without blocking the runtime.
    ///
    /// Fails with [`PoolError::Panicked`] if `f` panics. If the caller stops waiting (client
    /// gone, timeout), the job still finishes, so the accounting stays exact.
    pub async fn run<T, F>(mut self, f: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce(JobClock) -> T + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let span = Span::current();
        let shared = Arc::clone(&self.shared);
        let (key, estimate) = (self.key.clone(), self.estimate);
        let submitted = Instant::now();
        let job: Job = Box::new(move |slot| {
            let started = Instant::now();
            shared.release(estimate.lane, estimate.cost_us);
            if let Some(end) = shared.expected_end_us.get(slot) {
                // never 0 while running: 0 means idle
                end.store(shared.now_us() + estimate.cost_us + 1, Ordering::Relaxed);
            }
            shared.stats.busy.fetch_add(1, Ordering::SeqCst);
            shared.stats.retune();
            let clock = JobClock { submitted, started };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                span.in_scope(|| {
                    let value = f(clock);
                    log_finished(clock);
                    value
                })
            }));
            let ran_us = started.elapsed().as_micros().try_into().unwrap_or(u64::MAX);
            shared.ledger().costs.record(&key, ran_us);
            if let Some(end) = shared.expected_end_us.get(slot) {
                end.store(0, Ordering::Relaxed);
            }
            shared.stats.busy.fetch_sub(1, Ordering::SeqCst);
            shared.stats.retune();
            let _ = tx.send(outcome);
        });
        let sender = match self.estimate.lane {
            Lane::Light => &self.shared.light,
            Lane::Heavy => &self.shared.heavy,
        };
        if sender.send(job).is_err() {
            return Err(PoolError::Stopped);
        }
        // the job gives the place back when it starts
        self.reserved = false;
        match rx.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => Err(PoolError::Panicked(panic_message(&panic))),
            Err(_) => Err(PoolError::Stopped),
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.reserved {
            self.shared
                .release(self.estimate.lane, self.estimate.cost_us);
        }
    }
}

fn spawn_worker(name: String, work: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .name(name)
        .spawn(work)
        .expect("spawning a compute worker thread");
}

/// A general worker: a waiting light job first, else whichever job comes. It stops when the
/// pool is gone (its senders dropped).
fn general_worker(slot: usize, light: &Receiver<Job>, heavy: &Receiver<Job>) {
    loop {
        let job = match light.try_recv() {
            Ok(job) => job,
            Err(_) => {
                let next = crossbeam_channel::select! {
                    recv(light) -> job => job,
                    recv(heavy) -> job => job,
                };
                match next {
                    Ok(job) => job,
                    Err(_) => return,
                }
            }
        };
        job(slot);
    }
}

/// One line per finished job, inside the caller's span.
fn log_finished(clock: JobClock) {
    let ran = clock.started.elapsed();
    let queued_ms = (clock.started - clock.submitted).as_secs_f64() * 1000.0;
    let ran_ms = ran.as_secs_f64() * 1000.0;
    if ran >= SLOW_JOB {
        tracing::info!(queued_ms, ran_ms, "slow compute job");
    } else {
        tracing::debug!(queued_ms, ran_ms, "compute job finished");
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// faer's parallelism is process-wide and every new pool resets it, so the test that
    /// observes it runs alone among the pool tests.
    static FAER_SETTING: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

    fn key() -> CostKey {
        CostKey::new("/test", 0)
    }

    #[tokio::test]
    async fn runs_jobs_and_returns_their_values() {
        let _shared = FAER_SETTING.read().await;
        let pool = ComputePool::new(2, 4, Duration::ZERO, false);
        let v = pool.run(key(), |_| 6 * 7).await.unwrap();
        assert_eq!(v, 42);
    }

    /// Log lines written by any thread, for the test below.
    #[derive(Clone, Default)]
    struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_jobs_log_line_names_the_request_it_ran_for() {
        use tracing::Instrument;
        let _shared = FAER_SETTING.read().await;
        let captured = Captured::default();
        let writer = captured.clone();
        // the only global subscriber of this test binary
        let installed = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || writer.clone())
            .try_init();
        assert!(installed.is_ok(), "no other test installs a subscriber");
        let pool = ComputePool::new(1, 4, Duration::ZERO, false);
        let span = tracing::info_span!("request", id = "req-7f3a");
        pool.run(key(), |_| 42).instrument(span).await.unwrap();
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        // other tests' pools log through the same global subscriber meanwhile: look for ours
        assert!(
            text.lines()
                .any(|l| l.contains("compute job finished") && l.contains("req-7f3a")),
            "no job line naming the request in {text:?}"
        );
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_internal_error_and_the_worker_survives() {
        let _shared = FAER_SETTING.read().await;
        let pool = ComputePool::new(1, 4, Duration::ZERO, false);
        let err = pool
            .run(key(), |_| -> i32 { panic!("boom") })
            .await
            .unwrap_err();
        assert!(matches!(err, PoolError::Panicked(ref m) if m.contains("boom")));
        assert_eq!(pool.run(key(), |_| 1).await.unwrap(), 1);
    }

    async fn wait_for(pool: &ComputePool, (busy, queued): (usize, usize)) {
        for _ in 0..1000 {
            let stats = pool.stats();
            if stats.busy.load(Ordering::Relaxed) == busy
                && stats.queued.load(Ordering::Relaxed) == queued
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("the pool never reached {busy} busy and {queued} queued");
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once() {
        let _shared = FAER_SETTING.read().await;
        let pool = Arc::new(ComputePool::new(1, 1, Duration::ZERO, false));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = Arc::new(std::sync::Mutex::new(release_rx));
        // One job running (blocked), then one waiting: the third must be refused.
        let mut held = Vec::new();
        for expected in [(1, 0), (1, 1)] {
            let pool_for_job = Arc::clone(&pool);
            let rx = Arc::clone(&release_rx);
            held.push(tokio::spawn(async move {
                pool_for_job
                    .run(key(), move |_| rx.lock().unwrap().recv().unwrap())
                    .await
            }));
            wait_for(&pool, expected).await;
        }
        let err = pool.run(key(), |_| ()).await.unwrap_err();
        assert!(matches!(
            err,
            PoolError::Overloaded {
                reason: Refusal::QueueFull,
                ..
            }
        ));
        release_tx.send(()).unwrap();
        release_tx.send(()).unwrap();
        for h in held {
            h.await.unwrap().unwrap();
        }
        assert_eq!(pool.stats().queued.load(Ordering::Relaxed), 0);
    }

    #[tokio::test]
    async fn only_a_lone_job_may_run_faer_in_parallel() {
        let _exclusive = FAER_SETTING.write().await;
        let pool = Arc::new(ComputePool::new(2, 4, Duration::ZERO, true));
        let alone = pool
            .run(key(), |_| faer::get_global_parallelism())
            .await
            .unwrap();
        assert!(matches!(alone, faer::Par::Rayon(_)), "{alone:?}");
        // with one job held running, a second one must see sequential faer
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let pool_for_job = Arc::clone(&pool);
        let held = tokio::spawn(async move {
            pool_for_job
                .run(key(), move |_| release_rx.recv().unwrap())
                .await
        });
        wait_for(&pool, (1, 0)).await;
        let together = pool
            .run(key(), |_| faer::get_global_parallelism())
            .await
            .unwrap();
        assert!(matches!(together, faer::Par::Seq), "{together:?}");
        release_tx.send(()).unwrap();
        held.await.unwrap().unwrap();
        // and a pool without the flag never leaves sequential
        let pool = ComputePool::new(2, 4, Duration::ZERO, false);
        let v = pool
            .run(key(), |_| faer::get_global_parallelism())
            .await
            .unwrap();
        assert!(matches!(v, faer::Par::Seq), "{v:?}");
    }

    /// Holds a job running on a worker until the returned sender sends (or is dropped).
    fn hold(
        pool: &Arc<ComputePool>,
        key: CostKey,
    ) -> (
        std::sync::mpsc::Sender<()>,
        tokio::task::JoinHandle<Result<(), PoolError>>,
    ) {
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let pool = Arc::clone(pool);
        let held = tokio::spawn(async move {
            pool.run(key, move |_| {
                let _ = release_rx.recv();
            })
            .await
        });
        (release_tx, held)
    }

    #[tokio::test]
    async fn a_ticket_dropped_unused_gives_its_place_back() {
        let _shared = FAER_SETTING.read().await;
        // no waiting room: one place, the idle worker
        let pool = ComputePool::new(1, 0, Duration::ZERO, false);
        let ticket = pool.admit(key()).unwrap();
        assert_eq!(pool.stats().queued.load(Ordering::SeqCst), 1);
        assert!(pool.admit(key()).is_err(), "the one place is taken");
        drop(ticket);
        assert_eq!(pool.stats().queued.load(Ordering::SeqCst), 0);
        assert_eq!(pool.run(key(), |_| 7).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn the_time_budget_refuses_what_the_count_would_admit() {
        let _shared = FAER_SETTING.read().await;
        // one worker, room for 64, but only 1 ms of expected wait
        let pool = Arc::new(ComputePool::new(1, 64, Duration::from_millis(1), false));
        let (release_running, running) = hold(&pool, key());
        wait_for(&pool, (1, 0)).await;
        // a job of unknown kind is expected to take 5 ms: one may wait, none after it
        let (release_waiting, waiting) = hold(&pool, key());
        wait_for(&pool, (1, 1)).await;
        let err = pool.admit(key()).map(|_| ()).unwrap_err();
        let PoolError::Overloaded {
            reason,
            waiting: ahead,
            retry_after_secs,
            ..
        } = err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            (reason, ahead, retry_after_secs),
            (Refusal::WaitOverBudget, 1, 1)
        );
        release_running.send(()).unwrap();
        release_waiting.send(()).unwrap();
        running.await.unwrap().unwrap();
        waiting.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn a_light_job_does_not_wait_behind_heavy_ones() {
        let _shared = FAER_SETTING.read().await;
        let pool = Arc::new(ComputePool::new(1, 8, Duration::ZERO, false));
        let dot = CostKey::new("/dot", 40);
        for _ in 0..admission::LIGHT_AFTER_SAMPLES {
            pool.run(dot.clone(), |_| ()).await.unwrap();
        }
        assert_eq!(pool.admit(dot.clone()).unwrap().lane(), Lane::Light);
        // the only general worker is busy and a heavy job waits behind it
        let (release_running, running) = hold(&pool, key());
        wait_for(&pool, (1, 0)).await;
        let (release_waiting, waiting) = hold(&pool, key());
        wait_for(&pool, (1, 1)).await;
        let answered = tokio::time::timeout(Duration::from_secs(5), pool.run(dot, |_| 3)).await;
        assert_eq!(answered.expect("the light lane answers").unwrap(), 3);
        release_running.send(()).unwrap();
        release_waiting.send(()).unwrap();
        running.await.unwrap().unwrap();
        waiting.await.unwrap().unwrap();
    }
}
