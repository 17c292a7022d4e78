//! Command-line flags, each with a `LINALG_*` environment fallback; `--help` lists them all.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

use crate::limits::Limits;
use crate::wire::compress::{Codec, ResponseCompression};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// `--compression`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompressionFlag {
    Off,
    Gzip,
    Zstd,
}

/// linalg-server: linear algebra, grading and embedding similarity search over HTTP.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "LINALG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Directory of the stored collections (created if missing).
    #[arg(long, env = "LINALG_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// PostgreSQL connection string (`postgres://user:password@host:5432/db` or `host=...
    /// dbname=...`): keep the stored collections in that database, shared by every server
    /// given the same URL, instead of in --data-dir. TLS is not supported.
    #[arg(long, env = "LINALG_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Compute pool size (worker threads); default: the number of cores.
    #[arg(long, env = "LINALG_THREADS")]
    pub threads: Option<usize>,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "LINALG_MAX_BODY_BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Let faer use every core for a request that runs alone (no other running or waiting);
    /// under concurrent load each request runs on one core either way. Off by default: a
    /// parallel SVD or eigendecomposition differs from the sequential one in the last bits, so
    /// the same request could get different bits under different load (benches/README.md).
    #[arg(long, env = "LINALG_PARALLEL_WHEN_IDLE", default_value_t = false, action = clap::ArgAction::Set)]
    pub parallel_when_idle: bool,

    /// Requests admitted to wait beyond the running ones; past that, 503 with Retry-After.
    #[arg(long, env = "LINALG_MAX_QUEUE", default_value_t = 64)]
    pub max_queue: usize,

    /// Longest expected wait for a worker, in milliseconds: a request whose queued work ahead
    /// (estimated from recent requests of its kind) would take longer is refused with 503 and a
    /// Retry-After of the queue's drain time. 0: no time limit, only --max-queue.
    #[arg(long, env = "LINALG_MAX_QUEUE_WAIT_MS", default_value_t = 1000)]
    pub max_queue_wait_ms: u64,

    /// Compress large responses for clients that accept it: off (the default: on fast links
    /// compression costs more than it saves, see benches/README.md), gzip or zstd.
    #[arg(long, env = "LINALG_COMPRESSION", value_enum, default_value_t = CompressionFlag::Off)]
    pub compression: CompressionFlag,

    /// With --compression: smallest response body worth compressing, in bytes.
    #[arg(long, env = "LINALG_COMPRESSION_MIN_BYTES", default_value_t = 64 * 1024)]
    pub compression_min_bytes: usize,

    /// Largest dimension accepted by O(n^3) operations (SVD, inverse, eigen, ...).
    #[arg(long, env = "LINALG_MAX_DIM", default_value_t = 4096)]
    pub max_dim: usize,

    /// Most entries in one operand, sent or generated.
    #[arg(long, env = "LINALG_MAX_ELEMENTS", default_value_t = 1 << 24)]
    pub max_elements: usize,

    /// Seconds a request may take before it is answered with 408.
    #[arg(long, env = "LINALG_REQUEST_TIMEOUT_SECS", default_value_t = 60)]
    pub request_timeout_secs: u64,

    /// Seconds a connection may sit with no bytes moving before it is closed (default: the
    /// request timeout plus 30).
    #[arg(long, env = "LINALG_IDLE_TIMEOUT_SECS")]
    pub idle_timeout_secs: Option<u64>,

    /// API key: when set, collection writes need `Authorization: Bearer <key>`.
    #[arg(long, env = "LINALG_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,

    /// With --api-key: require the key on every endpoint but /health and /ready.
    #[arg(long, env = "LINALG_API_KEY_ALL")]
    pub api_key_all: bool,

    /// Origins allowed by CORS (comma-separated, or `*`); CORS is off when empty.
    #[arg(long, env = "LINALG_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Log format.
    #[arg(long, env = "LINALG_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
}

impl Config {
    pub fn limits(&self) -> Limits {
        Limits {
            max_dim: self.max_dim,
            max_elements: self.max_elements,
            max_body_bytes: self.max_body_bytes,
            ..Limits::default()
        }
    }

    pub fn threads(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
    }

    pub fn max_queue_wait(&self) -> Duration {
        Duration::from_millis(self.max_queue_wait_ms)
    }

    pub fn response_compression(&self) -> ResponseCompression {
        ResponseCompression {
            codec: match self.compression {
                CompressionFlag::Off => None,
                CompressionFlag::Gzip => Some(Codec::Gzip),
                CompressionFlag::Zstd => Some(Codec::Zstd),
            },
            min_bytes: self.compression_min_bytes,
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }

    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout_secs.map_or_else(
            || self.request_timeout() + Duration::from_secs(30),
            |s| Duration::from_secs(s.max(1)),
        )
    }

    /// A configuration for tests: loopback port 0, the given data dir, defaults otherwise.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        let mut config = Config::parse_from(["linalg-server"]);
        config.addr = "127.0.0.1:0".parse().expect("valid address");
        config.data_dir = data_dir;
        config
    }
}
