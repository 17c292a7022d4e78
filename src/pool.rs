//! The bounded compute pool: where every heavy request runs, so the async runtime never blocks.
//!
//! Why not `tokio::task::spawn_blocking`? Its pool grows to hundreds of threads and queues
//! without bound, which turns overload into ever-growing latency. Here a fixed set of worker
//! threads (`--threads`, default one per core) takes jobs from one bounded queue
//! (`--max-queue`): when the queue is full a request is refused at once with 503 and
//! `Retry-After`, so a saturated server stays honest instead of timing out.
//!
//! faer runs sequentially inside each job (`Par::Seq`) whenever more than one job is running or
//! waiting: the pool already has one thread per core, so faer's own threads would only
//! oversubscribe the cores. A job that runs alone (nothing else running or queued) would leave
//! every other core idle, so with `--parallel-when-idle` faer may then use rayon's pool of one
//! thread per core. It is off by default: faer's parallel SVD and eigen solvers round
//! differently from the sequential ones, so answers would depend on the load in their last bits. The setting is faer's global one, re-decided under
//! a lock each time a job is queued, starts or ends; a faer call already running keeps the
//! setting it started with, so when a job arrives during a lone parallel call the cores are
//! briefly shared by more threads than they have, until that call returns.
//!
//! Each job carries the caller's tracing span (a request's span names its request id), so the
//! line a job logs when it finishes (`debug`, or `info` past [`SLOW_JOB`]) says which request
//! it was; it catches panics (a bug becomes a 500 for that one request, never a dead worker),
//! and records when it was queued and started, from which the `timing` of every response is
//! computed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crossbeam_channel::{Sender, TrySendError};
use tokio::sync::oneshot;
use tracing::Span;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A job running at least this long is logged at `info`, not `debug`.
pub const SLOW_JOB: std::time::Duration = std::time::Duration::from_secs(1);

/// Why a job did not run to completion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PoolError {
    /// The queue is full: every worker busy and `waiting` jobs queued.
    #[error("the compute queue is full ({running} running, {waiting} waiting); retry shortly")]
    Overloaded { running: usize, waiting: usize },
    /// The job panicked (a bug): the worker survives.
    #[error("a compute job panicked: {0}")]
    Panicked(String),
    /// The pool is shutting down.
    #[error("the compute pool has stopped")]
    Stopped,
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

pub struct ComputePool {
    sender: Sender<Job>,
    threads: usize,
    max_queue: usize,
    stats: Arc<PoolStats>,
}

impl ComputePool {
    /// Starts `threads` workers sharing a queue of at most `max_queue` waiting jobs.
    pub fn new(threads: usize, max_queue: usize, parallel_when_idle: bool) -> Self {
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
        let (sender, receiver) = crossbeam_channel::bounded::<Job>(max_queue);
        for i in 0..threads {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("compute-{i}"))
                .spawn(move || {
                    while let Ok(job) = receiver.recv() {
                        job();
                    }
                })
                .expect("spawning a compute worker thread");
        }
        ComputePool {
            sender,
            threads,
            max_queue,
            stats: Arc::new(PoolStats {
                parallel_when_idle: (parallel_when_idle && threads > 1).then_some(threads),
                ..PoolStats::default()
            }),
        }
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    pub fn max_queue(&self) -> usize {
        self.max_queue
    }

    pub fn stats(&self) -> &PoolStats {
        &self.stats
    }

    /// Runs `f` on a worker and waits for it without blocking the runtime.
    ///
    /// Fails at once with [`PoolError::Overloaded`] when the queue is full, and with
    /// [`PoolError::Panicked`] if `f` panics. If the caller stops waiting (client gone,
    /// timeout), the job still finishes, so the queue's accounting stays exact.
    pub async fn run<T, F>(&self, f: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce(JobClock) -> T + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let span = Span::current();
        let stats = Arc::clone(&self.stats);
        let submitted = Instant::now();
        let job: Job = Box::new(move || {
            let started = Instant::now();
            stats.queued.fetch_sub(1, Ordering::SeqCst);
            stats.busy.fetch_add(1, Ordering::SeqCst);
            stats.retune();
            let clock = JobClock { submitted, started };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                span.in_scope(|| {
                    let value = f(clock);
                    log_finished(clock);
                    value
                })
            }));
            stats.busy.fetch_sub(1, Ordering::SeqCst);
            stats.retune();
            let _ = tx.send(outcome);
        });
        self.stats.queued.fetch_add(1, Ordering::SeqCst);
        self.stats.retune();
        if let Err(err) = self.sender.try_send(job) {
            self.stats.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(match err {
                TrySendError::Full(_) => PoolError::Overloaded {
                    running: self.threads,
                    waiting: self.max_queue,
                },
                TrySendError::Disconnected(_) => PoolError::Stopped,
            });
        }
        match rx.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => Err(PoolError::Panicked(panic_message(&panic))),
            Err(_) => Err(PoolError::Stopped),
        }
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

    #[tokio::test]
    async fn runs_jobs_and_returns_their_values() {
        let _shared = FAER_SETTING.read().await;
        let pool = ComputePool::new(2, 4, false);
        let v = pool.run(|_| 6 * 7).await.unwrap();
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
        let pool = ComputePool::new(1, 4, false);
        let span = tracing::info_span!("request", id = "req-7f3a");
        pool.run(|_| 42).instrument(span).await.unwrap();
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let line = text
            .lines()
            .find(|l| l.contains("compute job finished"))
            .unwrap_or_else(|| panic!("no job line in {text:?}"));
        assert!(line.contains("req-7f3a"), "{line}");
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_internal_error_and_the_worker_survives() {
        let _shared = FAER_SETTING.read().await;
        let pool = ComputePool::new(1, 4, false);
        let err = pool.run(|_| -> i32 { panic!("boom") }).await.unwrap_err();
        assert!(matches!(err, PoolError::Panicked(ref m) if m.contains("boom")));
        assert_eq!(pool.run(|_| 1).await.unwrap(), 1);
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
        let pool = Arc::new(ComputePool::new(1, 1, false));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = Arc::new(std::sync::Mutex::new(release_rx));
        // One job running (blocked), then one waiting: the third must be refused.
        let mut held = Vec::new();
        for expected in [(1, 0), (1, 1)] {
            let pool_for_job = Arc::clone(&pool);
            let rx = Arc::clone(&release_rx);
            held.push(tokio::spawn(async move {
                pool_for_job
                    .run(move |_| rx.lock().unwrap().recv().unwrap())
                    .await
            }));
            wait_for(&pool, expected).await;
        }
        let err = pool.run(|_| ()).await.unwrap_err();
        assert!(matches!(err, PoolError::Overloaded { .. }));
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
        let pool = Arc::new(ComputePool::new(2, 4, true));
        let alone = pool.run(|_| faer::get_global_parallelism()).await.unwrap();
        assert!(matches!(alone, faer::Par::Rayon(_)), "{alone:?}");
        // with one job held running, a second one must see sequential faer
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let pool_for_job = Arc::clone(&pool);
        let held =
            tokio::spawn(
                async move { pool_for_job.run(move |_| release_rx.recv().unwrap()).await },
            );
        wait_for(&pool, (1, 0)).await;
        let together = pool.run(|_| faer::get_global_parallelism()).await.unwrap();
        assert!(matches!(together, faer::Par::Seq), "{together:?}");
        release_tx.send(()).unwrap();
        held.await.unwrap().unwrap();
        // and a pool without the flag never leaves sequential
        let pool = ComputePool::new(2, 4, false);
        let v = pool.run(|_| faer::get_global_parallelism()).await.unwrap();
        assert!(matches!(v, faer::Par::Seq), "{v:?}");
    }
}
