//! The f64 originals, off the heap: one append-only file of rows per collection.
//!
//! **Why a file.** The scan reads only the int8 codes (or f32 rows); the exact rescoring reads
//! the originals of the ~100 rows per query that the bound could not rule out. Keeping every
//! original in RAM was 8 of the index's 9 bytes per dimension per point. Here they are rows of a
//! file that the operating system caches as it sees fit: `pread` copies a candidate's row, so the
//! rows live in the page cache (shared, reclaimable, not this process's resident memory) and
//! nothing is mapped into the address space.
//!
//! **Why append-only.** A row, once written, never changes: a slot number names the same vector
//! for as long as the file lives, so a snapshot that a search holds stays valid while later
//! writes append rows after it. Replaced and deleted rows become garbage; when the garbage
//! outweighs the live rows the writer copies the live ones into a new file
//! ([`super::IndexWriter`]), and snapshots still holding the old file keep it open until they
//! are dropped.
//!
//! **Not the source of truth.** The durable store (redb or PostgreSQL) holds every vector; this
//! file is derived from it, so it is never fsynced on the write path. With PostgreSQL (and in
//! tests) the file is unlinked as soon as it is created. With redb it is named, in
//! `<data-dir>/index/`, so that a [`super::checkpoint`] can refer to it and the next start reads
//! no vector at all; a named file is deleted when it is retired (replaced by a new file, or its
//! collection dropped) and the last snapshot using it is gone.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// How a named originals file's name ends.
pub(super) const FILE_SUFFIX: &str = ".f64";

/// Rows gathered before one write while a collection loads.
const APPEND_ROWS: usize = 1024;

/// A file of f64 rows (little-endian), `dimension` per row, numbered from 0.
#[derive(Debug)]
pub struct Originals {
    file: File,
    /// Where it is (a new file for the live rows goes beside it).
    dir: PathBuf,
    dimension: usize,
    /// Rows written so far (only the index writer appends).
    rows: AtomicU64,
    /// The file's name in `dir`, when it has one (see the module doc).
    name: Option<String>,
    /// Delete the named file when this handle is dropped.
    retired: AtomicBool,
}

impl Drop for Originals {
    fn drop(&mut self) {
        if let Some(name) = &self.name
            && self.retired.load(Ordering::Acquire)
        {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
    }
}

impl Originals {
    /// An empty file in `dir`, unlinked at once: it lives as long as the last snapshot using it.
    pub fn temporary(dir: &Path, dimension: usize) -> io::Result<Originals> {
        Ok(Originals {
            file: tempfile::tempfile_in(dir)?,
            dir: dir.to_path_buf(),
            dimension,
            rows: AtomicU64::new(0),
            name: None,
            retired: AtomicBool::new(false),
        })
    }

    /// A new, empty named file in `dir`: `<stem>-<random>.f64`.
    pub fn named(dir: &Path, stem: &str, dimension: usize) -> io::Result<Originals> {
        let file = tempfile::Builder::new()
            .prefix(&format!("{stem}-"))
            .suffix(FILE_SUFFIX)
            .tempfile_in(dir)?;
        let (file, path) = file.keep().map_err(|e| e.error)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
            .ok_or_else(|| io::Error::other("an originals file without a UTF-8 name"))?;
        Ok(Originals {
            file,
            dir: dir.to_path_buf(),
            dimension,
            rows: AtomicU64::new(0),
            name: Some(name),
            retired: AtomicBool::new(false),
        })
    }

    /// The named file `name` in `dir`, holding at least `rows` rows (a checkpoint's); appends go
    /// after the last whole row in it.
    pub(super) fn reopen(
        dir: &Path,
        name: &str,
        dimension: usize,
        rows: u64,
    ) -> io::Result<Originals> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.join(name))?;
        let whole = file.metadata()?.len() / (dimension as u64 * 8).max(1);
        if whole < rows {
            return Err(io::Error::other(format!(
                "{name} holds {whole} rows, fewer than the checkpoint's {rows}"
            )));
        }
        Ok(Originals {
            file,
            dir: dir.to_path_buf(),
            dimension,
            rows: AtomicU64::new(whole),
            name: Some(name.to_string()),
            retired: AtomicBool::new(false),
        })
    }

    /// An empty file of the same kind beside this one (named with the same stem, or unlinked).
    pub(super) fn sibling(&self) -> io::Result<Originals> {
        match self.name.as_deref().and_then(|n| n.rsplit_once('-')) {
            Some((stem, _)) => Originals::named(&self.dir, stem, self.dimension),
            None => Originals::temporary(&self.dir, self.dimension),
        }
    }

    /// The named file's name (`None` for an unlinked one).
    pub(super) fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Marks the file for deletion once no snapshot uses it.
    pub(super) fn retire(&self) {
        self.retired.store(true, Ordering::Release);
    }

    /// Flushes the written rows to the disk (before a checkpoint that refers to them).
    pub(super) fn sync(&self) -> io::Result<()> {
        self.file.sync_data()
    }

    /// Rows written, live or not.
    pub(super) fn len(&self) -> u64 {
        self.rows.load(Ordering::Acquire)
    }

    fn row_bytes(&self) -> u64 {
        self.dimension as u64 * 8
    }

    /// Reads row `slot` into `out` (`dimension` long).
    pub(super) fn read(&self, slot: u64, bytes: &mut Vec<u8>, out: &mut [f64]) -> io::Result<()> {
        debug_assert!(slot < self.len(), "a slot that was written");
        bytes.resize(self.dimension * 8, 0);
        self.file.read_exact_at(bytes, slot * self.row_bytes())?;
        for (x, b) in out.iter_mut().zip(bytes.chunks_exact(8)) {
            *x = f64::from_le_bytes(b.try_into().expect("8 bytes"));
        }
        Ok(())
    }

    /// An appender for the writer: rows are gathered and written [`APPEND_ROWS`] at a time.
    pub(super) fn appender(originals: &Arc<Originals>) -> Appender {
        Appender {
            originals: Arc::clone(originals),
            pending: Vec::new(),
            next: originals.len(),
        }
    }
}

/// Appends rows to [`Originals`]; [`Appender::finish`] writes what is still pending.
pub(super) struct Appender {
    originals: Arc<Originals>,
    pending: Vec<u8>,
    /// The slot the next pushed row gets.
    next: u64,
}

impl Appender {
    /// Queues `row` and returns its slot (readable after the next flush).
    pub(super) fn push(&mut self, row: &[f64]) -> io::Result<u64> {
        debug_assert_eq!(row.len(), self.originals.dimension);
        for x in row {
            self.pending.extend_from_slice(&x.to_le_bytes());
        }
        let slot = self.next;
        self.next += 1;
        if self.pending.len() >= APPEND_ROWS * self.originals.dimension * 8 {
            self.flush()?;
        }
        Ok(slot)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let written = self.originals.len();
        self.originals
            .file
            .write_all_at(&self.pending, written * self.originals.row_bytes())?;
        let rows = (self.pending.len() / (self.originals.dimension * 8)) as u64;
        self.originals.rows.store(written + rows, Ordering::Release);
        self.pending.clear();
        Ok(())
    }

    /// Writes the rows still pending; every pushed slot is readable afterwards.
    pub(super) fn finish(mut self) -> io::Result<()> {
        self.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_exactly_across_flushes() {
        let dir = tempfile::tempdir().unwrap();
        let originals = Arc::new(Originals::temporary(dir.path(), 3).unwrap());
        let rows: Vec<[f64; 3]> = (0..2500)
            .map(|i| [i as f64, -0.0, f64::MIN_POSITIVE / (i + 1) as f64])
            .collect();
        let mut appender = Originals::appender(&originals);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(appender.push(row).unwrap(), i as u64);
        }
        appender.finish().unwrap();
        assert_eq!(originals.len(), 2500);
        // a second appender continues after the first's rows
        let mut more = Originals::appender(&originals);
        assert_eq!(more.push(&[1.5, 2.5, 3.5]).unwrap(), 2500);
        more.finish().unwrap();
        let (mut bytes, mut out) = (Vec::new(), [0.0; 3]);
        for slot in [0u64, 1023, 1024, 2499] {
            originals.read(slot, &mut bytes, &mut out).unwrap();
            let want = rows[slot as usize];
            assert_eq!(out.map(f64::to_bits), want.map(f64::to_bits));
        }
        originals.read(2500, &mut bytes, &mut out).unwrap();
        assert_eq!(out, [1.5, 2.5, 3.5]);
    }
}
