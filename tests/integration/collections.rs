//! Stored collections over HTTP: CRUD, exact search against a brute-force reference,
//! durability across SIGKILL, and consistency under concurrent writes; each test runs against
//! both stores (`on_redb::*`, `on_postgres::*`).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn create(app: &TestApp, name: &str, dimension: usize, metric: &str) {
    let r = app
        .send(
            app.client
                .put(app.url(&format!("/collections/{name}")))
                .json(&json!({"dimension": dimension, "metric": metric})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

async fn collection_crud_follows_the_contract(app: TestApp) {
    let put = |body: Value| app.client.put(app.url("/collections/docs")).json(&body);
    let r = app.send(put(json!({"dimension": 3}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body["name"], "docs");
    assert_eq!(
        (
            r.body["dimension"].clone(),
            r.body["metric"].clone(),
            r.body["count"].clone()
        ),
        (json!(3), json!("cosine"), json!(0))
    );
    assert_eq!(
        app.send(put(json!({"dimension": 3, "metric": "cosine"})))
            .await
            .status,
        200
    );
    app.send(put(json!({"dimension": 4})))
        .await
        .expect_problem(409, "conflict");
    app.send(put(json!({"dimension": 0})))
        .await
        .expect_problem(422, "invalid-input");
    app.send(put(json!({"dimension": 3, "metric": "jaccard"})))
        .await
        .expect_problem(422, "invalid-input");
    app.send(
        app.client
            .put(app.url("/collections/bad%20name"))
            .json(&json!({"dimension": 3})),
    )
    .await
    .expect_problem(422, "invalid-input");

    let points = json!({"points": [
        {"id": 1, "vector": [1, 0, 0], "payload": {"lang": "en", "n": 1}},
        {"id": "1", "vector": [0, 1, 0]},
        {"id": "doc-x", "vector": [0.1, 0.2, 0.3], "payload": {"nested": {"a": [1, 2, {"b": null}]}}}
    ]});
    let r = app.post("/collections/docs/points", points).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["upserted"], 3);

    let r = app.get("/collections/docs").await;
    assert_eq!(r.body["count"], 3);
    let r = app.get("/collections").await;
    assert_eq!(r.body["collections"][0]["name"], "docs");

    let r = app.get("/collections/docs/points/1").await;
    assert_eq!(
        r.fields(),
        json!({"id": 1, "vector": [1.0, 0.0, 0.0], "payload": {"lang": "en", "n": 1}})
    );
    let r = app.get("/collections/docs/points/doc-x").await;
    assert_eq!(
        r.body["vector"],
        json!([0.1, 0.2, 0.3]),
        "stored exactly as sent"
    );
    assert_eq!(
        r.body["payload"],
        json!({"nested": {"a": [1, 2, {"b": null}]}})
    );
    assert_eq!(app.get("/collections/docs/points/doc-y").await.status, 404);

    let r = app
        .send(app.client.delete(app.url("/collections/docs/points/1")))
        .await;
    assert_eq!(r.status, 204);
    app.get("/collections/docs/points/1")
        .await
        .expect_problem(404, "not-found");
    assert_eq!(
        app.get("/collections/docs/points/%221%22").await.status,
        404,
        "a quoted path id is the string \"1\" with quotes"
    );
    app.send(app.client.delete(app.url("/collections/docs/points/1")))
        .await
        .expect_problem(404, "not-found");

    let r = app
        .post(
            "/collections/docs/points",
            json!({"points": [{"id": -1, "vector": [1, 0, 0]}]}),
        )
        .await;
    r.expect_problem(422, "invalid-input");
    let r = app
        .post(
            "/collections/docs/points",
            json!({"points": [{"id": 5, "vector": [1, 0]}]}),
        )
        .await;
    assert!(
        r.expect_problem(422, "shape-mismatch")
            .contains("dimension 3")
    );
    let r = app
        .post(
            "/collections/docs/points",
            json!({"points": [{"id": 5, "vector": [0, 0, 0]}]}),
        )
        .await;
    assert!(
        r.expect_problem(422, "invalid-input")
            .contains("zero vector")
    );
    let r = app
        .post(
            "/collections/docs/points",
            json!({"points": [{"id": 5, "vector": [1, 0, 0], "payload": [1]}]}),
        )
        .await;
    r.expect_problem(400, "invalid-json");
    app.post("/collections/nope/points", json!({"points": []}))
        .await
        .expect_problem(404, "not-found");
    app.post("/collections/nope/search", json!({"query": [1]}))
        .await
        .expect_problem(404, "not-found");

    assert_eq!(
        app.send(app.client.delete(app.url("/collections/docs")))
            .await
            .status,
        204
    );
    app.get("/collections/docs")
        .await
        .expect_problem(404, "not-found");
    app.send(app.client.delete(app.url("/collections/docs")))
        .await
        .expect_problem(404, "not-found");
}

/// Brute force: (id, score) sorted best first, ties by insertion order.
fn reference(
    points: &[(u64, Vec<f64>, bool)],
    q: &[f64],
    metric: &str,
    only_even: bool,
) -> Vec<(u64, f64)> {
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let mut scored: Vec<(u64, f64)> = points
        .iter()
        .filter(|(_, _, even)| !only_even || *even)
        .map(|(id, v, _)| {
            let dot: f64 = v.iter().zip(q).map(|(a, b)| a * b).sum();
            let s = match metric {
                "cosine" => dot / (norm(v) * norm(q)),
                "dot" => dot,
                _ => v
                    .iter()
                    .zip(q)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    .sqrt(),
            };
            (*id, s)
        })
        .collect();
    scored.sort_by(|a, b| {
        if metric == "euclidean" {
            a.1.total_cmp(&b.1)
        } else {
            b.1.total_cmp(&a.1)
        }
    });
    scored
}

async fn search_equals_brute_force_for_every_metric_with_filters_and_batches(app: TestApp) {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let d = 8;
    let points: Vec<(u64, Vec<f64>, bool)> = (0..300)
        .map(|i| {
            (
                i,
                (0..d).map(|_| rng.random_range(-1.0..1.0)).collect(),
                i % 2 == 0,
            )
        })
        .collect();
    let queries: Vec<Vec<f64>> = (0..4)
        .map(|_| (0..d).map(|_| rng.random_range(-1.0..1.0)).collect())
        .collect();
    for metric in ["cosine", "dot", "euclidean"] {
        let name = format!("m-{metric}");
        create(&app, &name, d, metric).await;
        let body: Vec<Value> = points
            .iter()
            .map(|(id, v, even)| json!({"id": id, "vector": v, "payload": {"even": even}}))
            .collect();
        assert_eq!(
            app.ok(
                &format!("/collections/{name}/points"),
                json!({"points": body})
            )
            .await["upserted"],
            300
        );
        for only_even in [false, true] {
            let filter = if only_even {
                json!({"even": true})
            } else {
                json!({})
            };
            let r = app
                .ok(
                    &format!("/collections/{name}/search"),
                    json!({"queries": queries, "k": 7, "filter": filter, "with_payload": false}),
                )
                .await;
            for (qi, q) in queries.iter().enumerate() {
                let want = reference(&points, q, metric, only_even);
                let got = r["results"][qi].as_array().unwrap();
                assert_eq!(got.len(), 7);
                for (hit, (id, score)) in got.iter().zip(&want) {
                    assert_eq!(hit["id"], json!(id), "{metric} q{qi} filter={only_even}");
                    assert!((hit["score"].as_f64().unwrap() - score).abs() < 1e-12);
                    assert!(hit.get("payload").is_none());
                }
            }
        }
        let r = app
            .ok(
                &format!("/collections/{name}/search"),
                json!({"query": queries[0], "k": 2}),
            )
            .await;
        assert_eq!(r["results"].as_array().unwrap().len(), 2);
        assert!(
            r["results"][0]["payload"]["even"].is_boolean(),
            "payloads by default"
        );
        let r = app
            .post(
                &format!("/collections/{name}/search"),
                json!({"query": [1, 2], "k": 2}),
            )
            .await;
        r.expect_problem(422, "shape-mismatch");
        app.post(
            &format!("/collections/{name}/search"),
            json!({"query": queries[0], "k": 0}),
        )
        .await
        .expect_problem(422, "invalid-input");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server binary in its own process, so that it can be SIGKILLed.
pub struct Server {
    child: Child,
    port: u16,
}

/// Where a server process keeps its collections.
#[derive(Clone)]
pub enum StoreAt {
    Dir(std::path::PathBuf),
    Database(String),
}

impl Server {
    /// Starts the binary and waits until its collections can be served.
    pub async fn start(store: &StoreAt) -> Server {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_linalg-server"));
        command.args(["--addr", &format!("127.0.0.1:{port}")]);
        match store {
            StoreAt::Dir(dir) => command.arg("--data-dir").arg(dir),
            StoreAt::Database(url) => command.args(["--database-url", url]),
        };
        let child = command
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let server = Server { child, port };
        for _ in 0..1200 {
            if let Ok(r) = reqwest::get(server.url("/ready")).await
                && r.status() == 200
                && r.json::<Value>()
                    .await
                    .is_ok_and(|b| b["collections"]["available"] == true)
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server did not become ready");
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Batches are written one after another while the server is SIGKILLed: after a restart every
/// acknowledged batch is there, and no batch is there in part. Then an acknowledged delete
/// survives a SIGKILL too.
async fn acknowledged_upserts_survive_sigkill(store: StoreAt) {
    const BATCH: u64 = 50;
    let client = reqwest::Client::new();
    let server = Server::start(&store).await;
    let r = client
        .put(server.url("/collections/durable"))
        .json(&json!({"dimension": 4, "metric": "dot"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let batch_body = |batch: u64| {
        let points: Vec<Value> = (0..BATCH)
            .map(|i| json!({"id": batch * BATCH + i, "vector": [batch as f64, i as f64, 0.5, -1.0], "payload": {"batch": batch}}))
            .collect();
        json!({"points": points})
    };
    // a writer that keeps going until the server dies under it
    let writer = {
        let client = client.clone();
        let url = server.url("/collections/durable/points");
        tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for batch in 0.. {
                match client.post(&url).json(&batch_body(batch)).send().await {
                    Ok(r) if r.status() == 200 => acknowledged.push(batch),
                    _ => break,
                }
            }
            acknowledged
        })
    };
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.kill();
    let acknowledged = writer.await.unwrap();
    assert!(
        acknowledged.len() >= 2,
        "the writer got going: {acknowledged:?}"
    );

    let server = Server::start(&store).await;
    let info: Value = client
        .get(server.url("/collections/durable"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let count = info["count"].as_u64().unwrap();
    let acked = acknowledged.len() as u64;
    // the batch in flight at the kill may have committed without its answer arriving
    assert!(
        count == acked * BATCH || count == (acked + 1) * BATCH,
        "{count} points after {acked} acknowledged batches of {BATCH}: a batch lost or split"
    );
    for batch in acknowledged {
        for id in [batch * BATCH, batch * BATCH + BATCH - 1] {
            let p: Value = client
                .get(server.url(&format!("/collections/durable/points/{id}")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(
                p["vector"],
                json!([batch as f64, (id % BATCH) as f64, 0.5, -1.0])
            );
            assert_eq!(p["payload"]["batch"], batch);
        }
    }
    let deleted = client
        .delete(server.url("/collections/durable/points/0"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    server.kill();
    let server = Server::start(&store).await;
    let info: Value = client
        .get(server.url("/collections/durable"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        info["count"],
        count - 1,
        "an acknowledged delete survives too"
    );
}

async fn searches_stay_consistent_while_points_are_written_and_deleted(app: TestApp) {
    let app = std::sync::Arc::new(app);
    create(&app, "live", 2, "euclidean").await;
    // A fixed anchor that is always the nearest point to the query.
    app.ok(
        "/collections/live/points",
        json!({"points": [{"id": "anchor", "vector": [0, 0]}]}),
    )
    .await;
    let writer =
        {
            let app = app.clone();
            tokio::spawn(async move {
                for round in 0..30 {
                    let points: Vec<Value> = (0..20)
                        .map(|i| json!({"id": i, "vector": [1.0 + round as f64, i as f64]}))
                        .collect();
                    app.ok("/collections/live/points", json!({"points": points}))
                        .await;
                    if round % 3 == 0 {
                        let r = app
                            .send(app.client.delete(
                                app.url(&format!("/collections/live/points/{}", round % 20)),
                            ))
                            .await;
                        assert!(r.status == 204 || r.status == 404);
                    }
                }
            })
        };
    for _ in 0..60 {
        let r = app
            .ok("/collections/live/search", json!({"query": [0, 0], "k": 5}))
            .await;
        let hits = r["results"].as_array().unwrap();
        assert_eq!(hits[0]["id"], "anchor");
        assert_eq!(hits[0]["score"], 0.0);
        let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
        assert!(
            scores.windows(2).all(|w| w[0] <= w[1]),
            "ordered: {scores:?}"
        );
        let count = app.get("/collections/live").await.body["count"]
            .as_u64()
            .unwrap();
        assert!((1..=21).contains(&count));
    }
    writer.await.unwrap();
}

/// Runs each test above against the redb store and against PostgreSQL (a fresh database in the
/// shared throwaway cluster; see `pg.rs`).
macro_rules! on_both_stores {
    ($($test:ident),* $(,)?) => {
        mod on_redb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test(crate::helpers::spawn_app().await).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    if let Some(app) = crate::pg::spawn_app_on_postgres().await {
                        super::$test(app).await;
                    }
                }
            )*
        }
    };
}

on_both_stores!(
    collection_crud_follows_the_contract,
    search_equals_brute_force_for_every_metric_with_filters_and_batches,
    searches_stay_consistent_while_points_are_written_and_deleted,
);

#[tokio::test]
async fn acknowledged_upserts_survive_sigkill_on_redb() {
    let dir = tempfile::tempdir().unwrap();
    acknowledged_upserts_survive_sigkill(StoreAt::Dir(dir.path().to_path_buf())).await;
}

#[tokio::test]
async fn acknowledged_upserts_survive_sigkill_on_postgres() {
    let Some(cluster) = tokio::task::spawn_blocking(crate::pg::shared)
        .await
        .unwrap()
    else {
        return;
    };
    let url = cluster.new_database().await;
    acknowledged_upserts_survive_sigkill(StoreAt::Database(url)).await;
}
