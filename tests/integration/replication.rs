//! `--database-url`: several servers on one PostgreSQL database, and the database going away.
//!
//! The contract: a write acknowledged by one server is visible to searches on every server
//! within 1 second and to its own server at once; a server that loses the database answers 503
//! for collection requests (compute unaffected) until it is back, and loses nothing
//! acknowledged; scores and order are the same as without a database.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::pg::{Cluster, shared, spawn_app_on, wait_until_collections_available};

/// A fresh database in the shared cluster, or `None` without PostgreSQL.
async fn database() -> Option<String> {
    let cluster = tokio::task::spawn_blocking(shared).await.unwrap()?;
    Some(cluster.new_database().await)
}

async fn put(app: &TestApp, path: &str, body: Value) -> crate::helpers::Reply {
    app.send(app.client.put(app.url(path)).json(&body)).await
}

async fn delete(app: &TestApp, path: &str) -> crate::helpers::Reply {
    app.send(app.client.delete(app.url(path))).await
}

/// The ids of a search's hits.
async fn search_ids(app: &TestApp, collection: &str, query: Value, k: usize) -> Vec<Value> {
    let r = app
        .ok(
            &format!("/collections/{collection}/search"),
            json!({"query": query, "k": k, "with_payload": false}),
        )
        .await;
    r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect()
}

/// Polls `check` until it holds; the time it took. Fails after 5 s (the contract says 1 s;
/// the test asserts that separately, with the time measured here).
async fn until<F, Fut>(mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < Duration::from_secs(5), "not within 5 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_through_one_server_reach_the_other_within_a_second() {
    let Some(url) = database().await else { return };
    let a = spawn_app_on(&url).await;
    let b = spawn_app_on(&url).await;

    // a collection created on a is usable on b at once: b catches up before answering 404
    assert_eq!(
        put(&a, "/collections/shared", json!({"dimension": 2}))
            .await
            .status,
        201
    );
    let r = put(&b, "/collections/shared", json!({"dimension": 2})).await;
    assert_eq!(
        r.status, 200,
        "the same configuration again, through b: {}",
        r.body
    );
    let r = put(&b, "/collections/shared", json!({"dimension": 3})).await;
    r.expect_problem(409, "conflict");

    // a's write: visible to a at once, to b within a second
    a.ok(
        "/collections/shared/points",
        json!({"points": [{"id": 1, "vector": [1, 0], "payload": {"from": "a"}}]}),
    )
    .await;
    assert_eq!(search_ids(&a, "shared", json!([1, 0]), 5).await, [json!(1)]);
    let took =
        until(|| async { search_ids(&b, "shared", json!([1, 0]), 5).await == [json!(1)] }).await;
    assert!(
        took < Duration::from_secs(1),
        "b saw a's upsert after {took:?}"
    );

    // b's write: visible to b at once, to a within a second
    b.ok(
        "/collections/shared/points",
        json!({"points": [{"id": "two", "vector": [0.6, 0.8]}]}),
    )
    .await;
    assert_eq!(
        search_ids(&b, "shared", json!([0, 1]), 1).await,
        [json!("two")]
    );
    let took =
        until(|| async { search_ids(&a, "shared", json!([0, 1]), 1).await == [json!("two")] })
            .await;
    assert!(
        took < Duration::from_secs(1),
        "a saw b's upsert after {took:?}"
    );
    let p = b.get("/collections/shared/points/1").await;
    assert_eq!(p.body["payload"]["from"], "a", "{}", p.body);

    // a delete on a reaches b
    assert_eq!(delete(&a, "/collections/shared/points/1").await.status, 204);
    let took =
        until(|| async { search_ids(&b, "shared", json!([1, 0]), 5).await == [json!("two")] })
            .await;
    assert!(
        took < Duration::from_secs(1),
        "b saw a's delete after {took:?}"
    );
    delete(&b, "/collections/shared/points/1")
        .await
        .expect_problem(404, "not-found");

    // dropping it on b reaches a; created again with another dimension, a follows
    assert_eq!(delete(&b, "/collections/shared").await.status, 204);
    let took = until(|| async { a.get("/collections/shared").await.status == 404 }).await;
    assert!(
        took < Duration::from_secs(1),
        "a saw the drop after {took:?}"
    );
    assert_eq!(
        put(&b, "/collections/shared", json!({"dimension": 3}))
            .await
            .status,
        201
    );
    // a write to a with the old dimension is checked against the new one
    let r = a
        .post(
            "/collections/shared/points",
            json!({"points": [{"id": 1, "vector": [1, 0]}]}),
        )
        .await;
    r.expect_problem(422, "shape-mismatch");
    a.ok(
        "/collections/shared/points",
        json!({"points": [{"id": 1, "vector": [1, 0, 0]}]}),
    )
    .await;
    let took = until(|| async { b.get("/collections/shared").await.body["count"] == 1 }).await;
    assert!(
        took < Duration::from_secs(1),
        "b saw a's write after {took:?}"
    );
    let listed = a.get("/collections").await;
    assert_eq!(
        listed.fields()["collections"],
        json!([{"name": "shared", "dimension": 3, "metric": "cosine", "count": 1}])
    );
}

/// Ties (equal scores) break by insertion order, which the database hands out: every server,
/// and a server started later, orders them alike, and the same as a redb server given the same
/// writes; the scores are bit-identical.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_orders_ties_and_scores_alike() {
    let Some(url) = database().await else { return };
    let a = spawn_app_on(&url).await;
    let b = spawn_app_on(&url).await;
    let alone = spawn_app().await;
    for app in [&a, &alone] {
        assert_eq!(
            put(
                app,
                "/collections/ties",
                json!({"dimension": 3, "metric": "dot"})
            )
            .await
            .status,
            201
        );
    }
    let batches: Vec<Value> = (0..6)
        .map(|round| {
            let points: Vec<Value> = (0..5)
                .map(|i| {
                    let id = if i % 2 == 0 {
                        json!(round * 10 + i)
                    } else {
                        json!(format!("s{round}-{i}"))
                    };
                    json!({"id": id, "vector": [0.1 * (i % 2) as f64, 1.0 / 3.0, 2.0]})
                })
                .collect();
            json!({"points": points})
        })
        .collect();
    // interleave the writes between a and b; the redb server gets them in the same order
    for (round, body) in batches.iter().enumerate() {
        let server = if round % 2 == 0 { &a } else { &b };
        server.ok("/collections/ties/points", body.clone()).await;
        // the other server has it before the next write goes through it
        let other = if round % 2 == 0 { &b } else { &a };
        let want = 5 * (round + 1);
        until(|| async { other.get("/collections/ties").await.body["count"] == want }).await;
        alone.ok("/collections/ties/points", body.clone()).await;
    }
    // an id written again keeps its place
    let again = json!({"points": [{"id": 0, "vector": [0.0, 1.0 / 3.0, 2.0]}]});
    b.ok("/collections/ties/points", again.clone()).await;
    alone.ok("/collections/ties/points", again).await;
    until(|| async { a.get("/collections/ties/points/0").await.body["vector"][0] == 0.0 }).await;
    let later = spawn_app_on(&url).await;
    let query = json!({"query": [0.3, 0.7, 1e-3], "k": 30});
    let reference = alone.ok("/collections/ties/search", query.clone()).await["results"].clone();
    assert_eq!(reference.as_array().unwrap().len(), 30);
    for app in [&a, &b, &later] {
        let results = app.ok("/collections/ties/search", query.clone()).await["results"].clone();
        assert_eq!(
            results, reference,
            "ids, order and scores as the redb server's"
        );
    }
}

/// Both servers write to one collection at the same time: every point of every acknowledged
/// batch is there once, on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_on_two_servers_lose_nothing() {
    let Some(url) = database().await else { return };
    let a = std::sync::Arc::new(spawn_app_on(&url).await);
    let b = std::sync::Arc::new(spawn_app_on(&url).await);
    put(
        &a,
        "/collections/busy",
        json!({"dimension": 2, "metric": "euclidean"}),
    )
    .await;
    let writers: Vec<_> = [(a.clone(), 0u64), (b.clone(), 1000)]
        .into_iter()
        .map(|(app, base)| {
            tokio::spawn(async move {
                for batch in 0..20u64 {
                    let points: Vec<Value> = (0..10)
                        .map(|i| json!({"id": base + batch * 10 + i, "vector": [batch as f64, i as f64]}))
                        .collect();
                    app.ok("/collections/busy/points", json!({"points": points})).await;
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    for app in [&a, &b] {
        until(|| async { app.get("/collections/busy").await.body["count"] == 400 }).await;
    }
}

/// The database stops under load and starts again: collection requests answer 503 with
/// Retry-After while it is down (compute and readiness do not), then the same server serves
/// again with every acknowledged point, without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_going_away_means_503_then_recovery_with_nothing_lost() {
    let Some(cluster) = tokio::task::spawn_blocking(Cluster::create).await.unwrap() else {
        return;
    };
    let url = cluster.new_database().await;
    let app = std::sync::Arc::new(spawn_app_on(&url).await);
    assert_eq!(
        put(&app, "/collections/steady", json!({"dimension": 2}))
            .await
            .status,
        201
    );
    // a writer that keeps writing through the outage, remembering what was acknowledged
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (app, stop) = (app.clone(), stop.clone());
        tokio::spawn(async move {
            let (mut acknowledged, mut refused) = (Vec::new(), 0);
            let mut id = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let r = app
                    .post(
                        "/collections/steady/points",
                        json!({"points": [{"id": id, "vector": [1.0, id as f64]}]}),
                    )
                    .await;
                match r.status.as_u16() {
                    200 => acknowledged.push(id),
                    503 => {
                        assert!(r.headers.contains_key("retry-after"), "{:?}", r.headers);
                        refused += 1;
                    }
                    other => panic!("a write during the outage answered {other}: {}", r.body),
                }
                id += 1;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (acknowledged, refused)
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    tokio::task::block_in_place(|| cluster.stop());

    // down: collection requests 503 (once the server has noticed), compute and /ready 200
    until(|| async { app.get("/collections/steady").await.status == 503 }).await;
    let r = app.get("/collections/steady").await;
    let detail = r.expect_problem(503, "unavailable");
    assert!(detail.contains("database"), "{detail}");
    assert!(r.headers.contains_key("retry-after"));
    app.post("/collections/steady/search", json!({"query": [1, 0]}))
        .await
        .expect_problem(503, "unavailable");
    assert_eq!(
        app.ok("/dot", json!({"a": [1, 2, 3], "b": [4, 5, 6]}))
            .await["dot"],
        32.0
    );
    let ready = app.get("/ready").await;
    assert_eq!(ready.status, 200);
    assert_eq!(
        ready.body["collections"]["available"], false,
        "{}",
        ready.body
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // back: the same server serves again, and nothing acknowledged is lost
    tokio::task::block_in_place(|| cluster.start());
    wait_until_collections_available(&app).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (acknowledged, refused) = writer.await.unwrap();
    assert!(refused > 0, "some writes met the outage");
    assert!(!acknowledged.is_empty());
    let after = app.get("/collections/steady").await;
    let count = after.body["count"].as_u64().unwrap();
    assert!(
        count >= acknowledged.len() as u64,
        "{count} < {}",
        acknowledged.len()
    );
    for id in acknowledged {
        let r = app.get(&format!("/collections/steady/points/{id}")).await;
        assert_eq!(r.status, 200, "acknowledged point {id}: {}", r.body);
        assert_eq!(r.body["vector"], json!([1.0, id as f64]));
    }
    // a server started afresh on the database sees the same
    let fresh = spawn_app_on(&url).await;
    assert_eq!(fresh.get("/collections/steady").await.body["count"], count);
}

/// A server whose database is down at start-up still starts: compute serves, collection
/// requests answer 503, and they are served once the database is up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_starts_while_its_database_is_down() {
    let Some(cluster) = tokio::task::spawn_blocking(Cluster::create).await.unwrap() else {
        return;
    };
    let url = cluster.new_database().await;
    {
        let app = spawn_app_on(&url).await;
        put(&app, "/collections/kept", json!({"dimension": 1})).await;
        app.ok(
            "/collections/kept/points",
            json!({"points": [{"id": 7, "vector": [2]}]}),
        )
        .await;
    }
    tokio::task::block_in_place(|| cluster.stop());
    let app = crate::helpers::spawn_app_with(|c| c.database_url = Some(url.clone())).await;
    app.get("/collections")
        .await
        .expect_problem(503, "unavailable");
    app.ok("/dot", json!({"a": [1], "b": [2]})).await;
    let ready = app.get("/ready").await;
    assert_eq!(
        (
            ready.status.as_u16(),
            ready.body["collections"]["available"].clone()
        ),
        (200, json!(false))
    );
    tokio::task::block_in_place(|| cluster.start());
    wait_until_collections_available(&app).await;
    let p = app.get("/collections/kept/points/7").await;
    assert_eq!(p.body["vector"], json!([2.0]), "{}", p.body);
}

#[tokio::test]
async fn a_malformed_database_url_stops_the_start_with_a_clear_error() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = linalg_server::config::Config::for_tests(data_dir.path().to_path_buf());
    config.database_url = Some("postgres://host:notaport/db".into());
    let err = linalg_server::startup::Application::build(&config)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("--database-url"), "{err}");
}

/// A row that the database holds in a shape no server wrote (a vector of the wrong length) is
/// not applied: the server answers 503 naming the corruption instead of panicking, and serves
/// again once the row is repaired, without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_row_in_the_database_means_503_not_a_panic() {
    let Some(url) = database().await else { return };
    let app = spawn_app_on(&url).await;
    assert_eq!(
        put(&app, "/collections/c", json!({"dimension": 2}))
            .await
            .status,
        201
    );
    app.ok(
        "/collections/c/points",
        json!({"points": [{"id": 1, "vector": [1, 0]}]}),
    )
    .await;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    // another writer's change, as the schema allows it but with a 3-number vector
    client
        .batch_execute(
            "BEGIN;
             UPDATE linalg_feed SET last = last + 1;
             INSERT INTO linalg_points (collection, id, seq, vector, payload, change)
                 SELECT 'c', '\\x7300'::bytea, 7, '\\x000000000000f03f000000000000f03f000000000000f03f'::bytea,
                        NULL, last FROM linalg_feed;
             COMMIT; NOTIFY linalg_changes;",
        )
        .await
        .unwrap();
    until(|| async { app.get("/collections/c").await.status == 503 }).await;
    let r = app.get("/collections/c").await;
    let detail = r.expect_problem(503, "unavailable");
    assert!(detail.contains("corrupt"), "{detail}");
    assert_eq!(
        app.ok("/dot", json!({"a": [1], "b": [2]})).await["dot"],
        2.0
    );
    // repaired: the row deleted as a tombstone, as a server would
    client
        .batch_execute(
            "BEGIN;
             UPDATE linalg_feed SET last = last + 1;
             UPDATE linalg_points SET vector = NULL, change = (SELECT last FROM linalg_feed)
                 WHERE id = '\\x7300'::bytea;
             COMMIT;",
        )
        .await
        .unwrap();
    wait_until_collections_available(&app).await;
    assert_eq!(app.get("/collections/c").await.body["count"], 1);
}
