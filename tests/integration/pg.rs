//! Throwaway PostgreSQL clusters for the tests of `--database-url`.
//!
//! A cluster is made by `initdb` in a temporary directory and served by `postgres` on a free
//! loopback port, as the `postgres` user when the tests run as root (PostgreSQL refuses to run
//! as root). It is started through a small shell wrapper that reads its standard input: a line
//! stops the server and keeps the data (to test a database restart), the end of input stops it
//! and deletes the directory. The test process holds the other end of that pipe, so the cluster
//! goes away with the process however it ends, even when killed.
//!
//! The binaries are looked for in `LINALG_TEST_PG_BIN`, then Debian's
//! `/usr/lib/postgresql/<version>/bin`, then `PATH`. With none there, the tests that need a
//! cluster say so on stderr and pass without checking anything: the only case the issue allows.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use linalg_server::config::Config;

use crate::helpers::{TestApp, spawn_app_with};

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    server: Mutex<Option<(Child, ChildStdin)>>,
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("LINALG_TEST_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    debian.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
    });
    if let Some(newest) = debian.pop() {
        return Some(newest);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("initdb").exists() && dir.join("postgres").exists())
    })
}

/// A command that runs `path` as the `postgres` user when we are root (PostgreSQL refuses
/// root), as ourselves otherwise.
fn as_postgres(path: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Stops the server on a line, stops it and deletes the cluster at the end of input.
const WRAPPER: &str = r#"
"$BIN/postgres" -D "$DIR" -p "$PORT" -k "$DIR" -c listen_addresses=127.0.0.1 \
    -c max_connections=300 -c shared_buffers=64MB >>"$DIR/server.log" 2>&1 &
pid=$!
if read line; then
    kill -INT "$pid"; wait "$pid"
else
    kill -INT "$pid"; wait "$pid"; rm -rf "$DIR"
fi
"#;

impl Cluster {
    /// A new cluster, started; `None` (with a note on stderr) when PostgreSQL is not installed.
    pub fn create() -> Option<Cluster> {
        let Some(bin) = bin_dir() else {
            eprintln!(
                "skipped: no PostgreSQL binaries (initdb, postgres) found; install Debian's \
                 postgresql package or set LINALG_TEST_PG_BIN"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("linalg-pg-")
            .tempdir()
            .expect("a temporary directory")
            .keep();
        if is_root() {
            let chown = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&dir)
                .status()
                .expect("chown runs");
            assert!(chown.success(), "chown postgres {}", dir.display());
        }
        let cluster = Cluster {
            bin,
            dir,
            port: free_port(),
            server: Mutex::new(None),
        };
        let out = cluster
            .command("initdb")
            .args(["-D"])
            .arg(&cluster.dir)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"])
            .output()
            .expect("initdb runs");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster.start();
        Some(cluster)
    }

    /// `program` from the PostgreSQL binaries, as the `postgres` user when we are root.
    fn command(&self, program: &str) -> Command {
        as_postgres(&self.bin.join(program))
    }

    pub fn start(&self) {
        let mut server = self.server.lock().unwrap();
        assert!(server.is_none(), "already running");
        let mut child = as_postgres(Path::new("/bin/sh"))
            .args(["-c", WRAPPER])
            .env("BIN", &self.bin)
            .env("DIR", &self.dir)
            .env("PORT", self.port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the PostgreSQL wrapper starts");
        let stdin = child.stdin.take().expect("piped");
        *server = Some((child, stdin));
        let started = Instant::now();
        loop {
            let ready = self
                .command("pg_isready")
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "PostgreSQL did not start; see {}",
                self.dir.join("server.log").display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server (a fast shutdown: sessions are cut, committed data is kept).
    pub fn stop(&self) {
        if let Some((mut child, mut stdin)) = self.server.lock().unwrap().take() {
            let _ = stdin.write_all(b"stop\n");
            drop(stdin);
            let _ = child.wait();
        }
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database in this cluster; its URL.
    pub async fn new_database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("t{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let (client, connection) =
            tokio_postgres::connect(&self.url("postgres"), tokio_postgres::NoTls)
                .await
                .expect("the test cluster answers");
        let connection = tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE");
        drop(client);
        let _ = connection.await;
        self.url(&name)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.server.lock().unwrap().take() {
            drop(stdin);
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The cluster most tests share (each in its own database), made on first use.
pub fn shared() -> Option<&'static Cluster> {
    static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
    SHARED.get_or_init(Cluster::create).as_ref()
}

/// A server on a fresh database of the shared cluster, its collections loaded; `None` when
/// PostgreSQL is not installed.
pub async fn spawn_app_on_postgres() -> Option<TestApp> {
    let cluster = tokio::task::spawn_blocking(shared).await.unwrap()?;
    let url = cluster.new_database().await;
    Some(spawn_app_on(&url).await)
}

/// A server on the database at `url`, once its collections are loaded.
pub async fn spawn_app_on(url: &str) -> TestApp {
    let url = url.to_string();
    let app = spawn_app_with(move |c: &mut Config| c.database_url = Some(url)).await;
    wait_until_collections_available(&app).await;
    app
}

pub async fn wait_until_collections_available(app: &TestApp) {
    let started = Instant::now();
    loop {
        let r = app.get("/ready").await;
        if r.body["collections"]["available"] == true {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "collections not available: {}",
            r.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
