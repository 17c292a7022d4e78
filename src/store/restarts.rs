//! Restarts of the redb store: a checkpoint is used when it saw the last write, and ignored
//! (the collection read from the database) when it is stale, corrupt or its originals file is
//! gone; either way searches equal a brute-force f64 reference over the points written.

use std::path::Path;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use super::index::{checkpoint, exact_score};
use super::*;

/// The points written, in first-insertion order, searched by brute force.
#[derive(Default)]
struct Reference {
    points: Vec<(PointId, Vec<f64>)>,
}

impl Reference {
    fn upsert(&mut self, id: PointId, vector: Vec<f64>) {
        match self.points.iter_mut().find(|p| p.0 == id) {
            Some(p) => p.1 = vector,
            None => self.points.push((id, vector)),
        }
    }

    fn search(&self, metric: Metric, query: &[f64], k: usize) -> Vec<(PointId, u64)> {
        let mut q = query.to_vec();
        if metric == Metric::Cosine {
            let d = q.len();
            search::normalize_rows(&mut q, d).unwrap();
        }
        let mut all: Vec<(usize, &PointId, f64)> = self
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, &p.0, exact_score(metric, &p.1, &q)))
            .collect();
        all.sort_by(|a, b| {
            let by_score = if metric.larger_is_better() {
                b.2.total_cmp(&a.2)
            } else {
                a.2.total_cmp(&b.2)
            };
            by_score.then(a.0.cmp(&b.0))
        });
        all.iter()
            .take(k)
            .map(|(_, id, s)| ((*id).clone(), s.to_bits()))
            .collect()
    }
}

fn found(store: &Store, query: &[f64], k: usize) -> Vec<(PointId, u64)> {
    store.search("c", query.to_vec(), k, None, false).unwrap()[0]
        .iter()
        .map(|h| (h.id.clone(), h.score.to_bits()))
        .collect()
}

/// Whether collection "c" came from its checkpoint at the last open.
fn from_checkpoint(store: &Store) -> bool {
    let c = store.collection("c").unwrap();
    c.saved.load(Ordering::Acquire) == c.stamp.load(Ordering::Acquire)
}

fn random_vector(rng: &mut ChaCha8Rng, d: usize) -> Vec<f64> {
    (0..d).map(|_| rng.random_range(-1.0..1.0)).collect()
}

fn checkpoint_file(dir: &Path) -> std::path::PathBuf {
    dir.join("index").join(checkpoint::file_name("c"))
}

#[test]
fn a_checkpoint_is_used_when_current_and_ignored_when_stale_corrupt_or_orphaned() {
    let mut rng = ChaCha8Rng::seed_from_u64(41);
    let d = 8;
    for metric in Metric::ALL {
        let dir = tempfile::tempdir().unwrap();
        let mut reference = Reference::default();
        let queries: Vec<Vec<f64>> = (0..5).map(|_| random_vector(&mut rng, d)).collect();
        let check = |store: &Store, reference: &Reference, when: &str| {
            for q in &queries {
                assert_eq!(
                    found(store, q, 10),
                    reference.search(metric, q, 10),
                    "{metric:?} {when}"
                );
            }
        };
        {
            let store = Store::open(dir.path()).unwrap();
            store
                .create(
                    "c",
                    CollectionConfig {
                        dimension: d,
                        metric,
                    },
                )
                .unwrap();
            let points: Vec<Point> = (0..300u64)
                .map(|i| Point {
                    id: PointId::Int(i),
                    vector: random_vector(&mut rng, d),
                    payload: json!({"i": i}).as_object().cloned(),
                })
                .collect();
            for p in &points {
                reference.upsert(p.id.clone(), p.vector.clone());
            }
            store.upsert("c", points).unwrap();
            store.delete_point("c", &PointId::Int(7)).unwrap();
            reference.points.retain(|p| p.0 != PointId::Int(7));
            assert_eq!(store.checkpoint().unwrap(), 1);
            assert_eq!(store.checkpoint().unwrap(), 0, "nothing written since");
        }
        // current: used, and searches and stored points are as before
        let store = Store::open(dir.path()).unwrap();
        assert!(from_checkpoint(&store), "{metric:?}");
        check(&store, &reference, "from the checkpoint");
        assert_eq!(store.get("c").unwrap().count, 299);
        let hit = &store
            .search("c", queries[0].clone(), 1, None, true)
            .unwrap()[0][0];
        let PointId::Int(i) = hit.id else { panic!() };
        assert_eq!(hit.payload.as_ref().unwrap()["i"], i);
        // a write after it: stale at the next start (no checkpoint at "shutdown")
        let v = random_vector(&mut rng, d);
        store
            .upsert(
                "c",
                vec![Point {
                    id: PointId::Int(3),
                    vector: v.clone(),
                    payload: None,
                }],
            )
            .unwrap();
        reference.upsert(PointId::Int(3), v);
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert!(
            !from_checkpoint(&store),
            "{metric:?}: a stale checkpoint was used"
        );
        check(&store, &reference, "after a stale checkpoint");
        // corrupt: one byte flipped in the middle
        store.checkpoint().unwrap();
        drop(store);
        let path = checkpoint_file(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        std::fs::write(&path, &bytes).unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(
            !from_checkpoint(&store),
            "{metric:?}: a corrupt checkpoint was used"
        );
        check(&store, &reference, "after a corrupt checkpoint");
        // its originals file gone
        store.checkpoint().unwrap();
        drop(store);
        for entry in std::fs::read_dir(dir.path().join("index")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "f64") {
                std::fs::remove_file(path).unwrap();
            }
        }
        let store = Store::open(dir.path()).unwrap();
        assert!(!from_checkpoint(&store));
        check(&store, &reference, "after the originals file was lost");
        // a dropped collection leaves no files behind
        store.delete("c").unwrap();
        drop(store);
        let left: Vec<_> = std::fs::read_dir(dir.path().join("index"))
            .unwrap()
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

/// One step of a history.
#[derive(Debug, Clone)]
enum Step {
    /// Upsert this many points with ids below 40.
    Upsert(usize),
    /// Delete a point that is there.
    Delete,
    /// Save checkpoints, then restart.
    Restart,
    /// Restart without saving (as after a crash).
    Crash,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1usize..30).prop_map(Step::Upsert),
        2 => Just(Step::Delete),
        1 => Just(Step::Restart),
        1 => Just(Step::Crash),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Any history of upserts, deletes, clean restarts and crashes: every search equals the
    /// brute-force f64 reference, bit for bit, whether the index came from a checkpoint or from
    /// the database.
    #[test]
    fn searches_equal_the_reference_across_restarts(seed: u64, metric_i in 0usize..3, d in 1usize..6, steps in prop::collection::vec(step(), 1..12)) {
        let metric = Metric::ALL[metric_i];
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.create("c", CollectionConfig { dimension: d, metric }).unwrap();
        let mut reference = Reference::default();
        for step in steps {
            match step {
                Step::Upsert(n) => {
                    let points: Vec<Point> = (0..n)
                        .map(|_| Point {
                            id: PointId::Int(rng.random_range(0..40)),
                            vector: random_vector(&mut rng, d),
                            payload: None,
                        })
                        .collect();
                    for p in &points {
                        reference.upsert(p.id.clone(), p.vector.clone());
                    }
                    store.upsert("c", points).unwrap();
                }
                Step::Delete if !reference.points.is_empty() => {
                    let id = reference.points[rng.random_range(0..reference.points.len())].0.clone();
                    store.delete_point("c", &id).unwrap();
                    reference.points.retain(|p| p.0 != id);
                }
                Step::Delete => {}
                Step::Restart | Step::Crash => {
                    if matches!(step, Step::Restart) {
                        store.checkpoint().unwrap();
                    }
                    drop(store);
                    store = Store::open(dir.path()).unwrap();
                }
            }
            let query = random_vector(&mut rng, d);
            if query.iter().all(|&x| x == 0.0) {
                continue;
            }
            prop_assert_eq!(found(&store, &query, 7), reference.search(metric, &query, 7));
        }
    }
}
