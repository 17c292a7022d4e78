//! Admission by time: how long a request would wait, from what recent requests of its kind
//! cost.
//!
//! A count of waiting requests cannot be right for both `/dot` (microseconds each) and
//! `/svd` of 256x256 (tens of milliseconds): 64 queued dots drain at once, 64 queued SVDs take
//! seconds. So the pool learns what each kind of request costs, and admits a request only when
//! the work already ahead of it fits in the time budget (`--max-queue-wait-ms`); the count
//! (`--max-queue`) stays as a hard cap. A refused request is told when to come back: the
//! time the work ahead needs to drain, not a constant.
//!
//! A request's *kind* is its route and the size class of its body (powers of two of the
//! `Content-Length`): `/svd` with 1 MB bodies and `/svd` with 1 KB bodies cost differently
//! and are learnt apart. The cost is an exponentially weighted mean of the time jobs of that
//! kind spent on a worker (decoding, computing and encoding). A kind never seen is assumed to
//! cost [`UNKNOWN_COST_US`] until it has been.
//!
//! Kinds that have proven *light* (mean under [`LIGHT_COST_US`], over at least
//! [`LIGHT_AFTER_SAMPLES`] jobs) go to a lane of their own: one extra worker takes only light
//! jobs, and the general workers take a waiting light job before a heavy one. So a `/dot` of
//! 3-vectors never queues behind SVDs; at worst it shares a core with them for microseconds.
//!
//! Everything here is plain arithmetic on a snapshot of the queue, so it is tested without
//! threads or clocks.

use std::collections::HashMap;
use std::sync::Arc;

/// The cost assumed for a kind of request not seen yet (5 ms: a medium matrix operation).
pub const UNKNOWN_COST_US: u64 = 5_000;
/// Mean cost below which a kind is light.
pub const LIGHT_COST_US: u64 = 1_000;
/// Jobs of a kind seen before it may be light (one cheap sample could be luck).
pub const LIGHT_AFTER_SAMPLES: u32 = 3;
/// Weight of the newest sample in the running mean.
const EWMA_WEIGHT: f64 = 0.2;

/// What a request is, for its cost: the route template and the body's size class.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CostKey {
    pub route: Arc<str>,
    pub size_class: u8,
}

impl CostKey {
    /// `body_bytes`: the `Content-Length` (0 for a request without a body).
    pub fn new(route: &str, body_bytes: u64) -> Self {
        CostKey {
            route: Arc::from(route),
            size_class: (u64::BITS - body_bytes.leading_zeros()) as u8,
        }
    }
}

/// Which workers may run a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Proven cheap: the light worker, or a general worker before any heavy job.
    Light,
    /// Everything else: the general workers, in arrival order.
    Heavy,
}

/// What a kind of request is expected to cost, and the lane that follows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub cost_us: u64,
    pub lane: Lane,
}

#[derive(Debug, Clone, Copy)]
struct Mean {
    us: f64,
    samples: u32,
}

/// Learnt costs per kind of request.
#[derive(Debug, Default)]
pub struct CostModel {
    means: HashMap<CostKey, Mean>,
}

impl CostModel {
    pub fn estimate(&self, key: &CostKey) -> Estimate {
        match self.means.get(key) {
            Some(m) => {
                let cost_us = m.us.round() as u64;
                let light = m.samples >= LIGHT_AFTER_SAMPLES && cost_us < LIGHT_COST_US;
                Estimate {
                    cost_us,
                    lane: if light { Lane::Light } else { Lane::Heavy },
                }
            }
            None => Estimate {
                cost_us: UNKNOWN_COST_US,
                lane: Lane::Heavy,
            },
        }
    }

    /// Folds in the time one job of this kind spent on a worker.
    pub fn record(&mut self, key: &CostKey, ran_us: u64) {
        let sample = ran_us as f64;
        self.means
            .entry(key.clone())
            .and_modify(|m| {
                m.us += EWMA_WEIGHT * (sample - m.us);
                m.samples = m.samples.saturating_add(1);
            })
            .or_insert(Mean {
                us: sample,
                samples: 1,
            });
    }
}

/// The heavy lane as admission sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Backlog {
    /// Jobs admitted and not started (including those whose body is still arriving).
    pub waiting: usize,
    /// Their summed expected cost.
    pub waiting_us: u64,
    /// What the running jobs are expected still to need, summed.
    pub running_remaining_us: u64,
    /// General workers with nothing running: a job admitted now may start at once on one.
    pub idle_workers: usize,
}

impl Backlog {
    /// Expected wait of a job admitted now, in microseconds: the work ahead of it spread over
    /// the general workers.
    pub fn expected_wait_us(&self, workers: usize) -> u64 {
        (self.waiting_us + self.running_remaining_us) / workers.max(1) as u64
    }
}

/// Why a request was refused; both answer 503 with a `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `--max-queue` requests already wait.
    QueueFull,
    /// The work ahead would take longer than `--max-queue-wait-ms`.
    WaitOverBudget,
}

/// The admission rule for a heavy job. `budget_us` 0 means no time budget.
pub fn admit_heavy(
    backlog: &Backlog,
    workers: usize,
    max_waiting: usize,
    budget_us: u64,
) -> Result<(), Refusal> {
    // `--max-queue` counts requests waiting beyond the running ones: an idle worker is a
    // place too (so `--max-queue 0` means "only when a worker is free")
    if backlog.waiting >= max_waiting + backlog.idle_workers {
        return Err(Refusal::QueueFull);
    }
    if budget_us > 0 && backlog.expected_wait_us(workers) > budget_us {
        return Err(Refusal::WaitOverBudget);
    }
    Ok(())
}

/// Seconds a refused client should wait: until the work ahead has drained (at least 1, at
/// most 60: beyond that the estimate is not worth more precision).
pub fn retry_after_secs(backlog: &Backlog, workers: usize) -> u64 {
    backlog
        .expected_wait_us(workers)
        .div_ceil(1_000_000)
        .clamp(1, 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(route: &str, bytes: u64) -> CostKey {
        CostKey::new(route, bytes)
    }

    #[test]
    fn size_classes_are_powers_of_two_of_the_body() {
        assert_eq!(key("/svd", 0).size_class, 0);
        assert_eq!(key("/svd", 1).size_class, 1);
        assert_eq!(key("/svd", 1000).size_class, key("/svd", 1023).size_class);
        assert_ne!(
            key("/svd", 1000).size_class,
            key("/svd", 1024 * 1024).size_class
        );
    }

    #[test]
    fn an_unknown_kind_is_heavy_and_costs_the_default() {
        let model = CostModel::default();
        assert_eq!(
            model.estimate(&key("/svd", 100)),
            Estimate {
                cost_us: UNKNOWN_COST_US,
                lane: Lane::Heavy
            }
        );
    }

    #[test]
    fn a_kind_becomes_light_only_after_enough_cheap_samples() {
        let mut model = CostModel::default();
        let dot = key("/dot", 30);
        for i in 0..LIGHT_AFTER_SAMPLES {
            assert_eq!(model.estimate(&dot).lane, Lane::Heavy, "after {i} samples");
            model.record(&dot, 20);
        }
        assert_eq!(model.estimate(&dot).lane, Lane::Light);
        // a kind that turns expensive leaves the light lane as its mean rises
        for _ in 0..20 {
            model.record(&dot, 50_000);
        }
        assert_eq!(model.estimate(&dot).lane, Lane::Heavy);
        // and kinds are learnt apart
        assert_eq!(model.estimate(&key("/dot", 3_000_000)).lane, Lane::Heavy);
    }

    #[test]
    fn the_mean_follows_recent_costs() {
        let mut model = CostModel::default();
        let svd = key("/svd", 1 << 20);
        model.record(&svd, 10_000);
        assert_eq!(model.estimate(&svd).cost_us, 10_000);
        model.record(&svd, 20_000);
        assert_eq!(model.estimate(&svd).cost_us, 12_000);
    }

    #[test]
    fn admission_refuses_by_count_and_by_time() {
        let backlog = Backlog {
            waiting: 3,
            waiting_us: 300_000,
            running_remaining_us: 100_000,
            idle_workers: 0,
        };
        // 400 ms of work over 2 workers: 200 ms ahead
        assert_eq!(backlog.expected_wait_us(2), 200_000);
        assert_eq!(admit_heavy(&backlog, 2, 64, 250_000), Ok(()));
        assert_eq!(
            admit_heavy(&backlog, 2, 64, 150_000),
            Err(Refusal::WaitOverBudget)
        );
        assert_eq!(admit_heavy(&backlog, 2, 64, 0), Ok(()), "0: no budget");
        assert_eq!(admit_heavy(&backlog, 2, 3, 0), Err(Refusal::QueueFull));
        let idle = Backlog {
            idle_workers: 1,
            ..backlog
        };
        assert_eq!(
            admit_heavy(&idle, 2, 3, 0),
            Ok(()),
            "an idle worker is a place"
        );
        let empty = Backlog::default();
        assert_eq!(admit_heavy(&empty, 2, 0, 0), Err(Refusal::QueueFull));
        assert_eq!(
            admit_heavy(
                &Backlog {
                    idle_workers: 2,
                    ..empty
                },
                2,
                0,
                0
            ),
            Ok(())
        );
    }

    #[test]
    fn retry_after_is_the_drain_time_rounded_up() {
        let drain = |us| Backlog {
            waiting: 1,
            waiting_us: us,
            running_remaining_us: 0,
            idle_workers: 0,
        };
        assert_eq!(retry_after_secs(&drain(10), 1), 1, "at least a second");
        assert_eq!(retry_after_secs(&drain(2_500_000), 1), 3);
        assert_eq!(retry_after_secs(&drain(5_000_000), 2), 3);
        assert_eq!(retry_after_secs(&drain(900_000_000), 1), 60);
    }
}
