//! `spawn_app()` and typed request helpers shared by every integration test.

use std::net::SocketAddr;
use std::time::Duration;

use linalg_server::config::Config;
use linalg_server::startup::Application;
use reqwest::StatusCode;
use serde_json::Value;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    /// Kept alive (and so not deleted) for as long as the server runs.
    pub _data_dir: tempfile::TempDir,
}

/// Starts a server with the default configuration on a free loopback port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after `tweak` has adjusted the configuration.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        linalg_server::telemetry::init_tracing(linalg_server::config::LogFormat::Pretty);
    }
    let data_dir = tempfile::tempdir().expect("a temporary data dir");
    let mut config = Config::for_tests(data_dir.path().to_path_buf());
    tweak(&mut config);
    let app = Application::build(&config)
        .await
        .expect("the server starts");
    let addr = app.local_addr();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestApp {
        addr,
        client: reqwest::Client::new(),
        _data_dir: data_dir,
    }
}

/// A response's status, headers and JSON body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The problem `type` of an error response (asserting it is problem+json).
    pub fn problem_type(&self) -> &str {
        assert_eq!(
            self.headers["content-type"], "application/problem+json",
            "an error must be problem+json: {}",
            self.body
        );
        assert_eq!(self.body["status"], self.status.as_u16());
        self.body["type"].as_str().expect("a problem type")
    }

    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().expect("a problem detail")
    }

    /// The body's fields without `timing`, asserting that `timing` is there (every JSON answer
    /// carries it).
    pub fn fields(&self) -> Value {
        let mut body = self.body.clone();
        let timing = body
            .as_object_mut()
            .and_then(|o| o.remove("timing"))
            .unwrap_or_else(|| panic!("no timing in {}", self.body));
        for key in ["queue_us", "compute_us", "total_us"] {
            assert!(timing[key].is_u64(), "timing.{key} in {timing}");
        }
        body
    }

    /// Asserts a problem response of this status and type; returns its detail.
    pub fn expect_problem(&self, status: u16, kind: &str) -> &str {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.problem_type(), format!("/problems/{kind}"));
        self.detail()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(self.client.post(self.url(path)).json(&body))
            .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Reply {
        self.send(
            self.client
                .post(self.url(path))
                .header("content-type", content_type)
                .body(body),
        )
        .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path))).await
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the request is answered");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    /// POST that must succeed; returns the body.
    pub async fn ok(&self, path: &str, body: Value) -> Value {
        let r = self.post(path, body).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        r.body
    }
}

/// A JSON matrix as `Vec<Vec<f64>>`.
pub fn matrix(v: &Value) -> Vec<Vec<f64>> {
    serde_json::from_value(v.clone()).expect("a matrix")
}

pub fn vector(v: &Value) -> Vec<f64> {
    serde_json::from_value(v.clone()).expect("a vector")
}

pub fn matmul(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let (n, k, m) = (a.len(), b.len(), b[0].len());
    assert_eq!(a[0].len(), k);
    (0..n)
        .map(|i| {
            (0..m)
                .map(|j| (0..k).map(|l| a[i][l] * b[l][j]).sum())
                .collect()
        })
        .collect()
}

pub fn transpose(a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (0..a[0].len())
        .map(|j| a.iter().map(|row| row[j]).collect())
        .collect()
}

pub fn assert_close(got: &[Vec<f64>], want: &[Vec<f64>], tol: f64) {
    assert_eq!(got.len(), want.len(), "rows");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.len(), w.len(), "columns");
        for (x, y) in g.iter().zip(w) {
            assert!(
                (x - y).abs() <= tol,
                "{x} vs {y} (got {got:?}, want {want:?})"
            );
        }
    }
}

/// The pool's gauges, read from `/metrics`: (busy workers, queued jobs).
pub async fn pool_load(app: &TestApp) -> (u64, u64) {
    let text = app.get("/metrics").await.body;
    let text = text.as_str().unwrap_or_default().to_string();
    let gauge = |name: &str| {
        text.lines()
            .find_map(|l| {
                l.strip_prefix(name)
                    .map(|v| v.trim().parse::<f64>().unwrap_or(0.0))
            })
            .unwrap_or(0.0) as u64
    };
    (
        gauge("linalg_pool_busy_threads "),
        gauge("linalg_pool_queue_depth "),
    )
}

/// Waits (up to 10 s) until the pool holds `load` = (busy workers, queued jobs).
pub async fn wait_for_load(app: &TestApp, load: (u64, u64)) {
    for _ in 0..2000 {
        if pool_load(app).await == load {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!(
        "the pool never reached {load:?}: {:?}",
        pool_load(app).await
    );
}
