//! Checkpoints: a collection's index saved beside its originals file, so that a restart reads
//! the codes instead of decoding every vector in the store and encoding it again.
//!
//! **What is saved.** The live rows of one snapshot in sequence order: sequence numbers, slots in
//! the named originals file, ids, payloads and (cosine, dot) the int8 codes with what the bound
//! needs per row. Euclidean collections save no scan; their f32 rows are made again from the
//! originals file at load. The originals themselves are not copied: the checkpoint names the file
//! they are in (which only ever grows) and how many rows it had.
//!
//! **When it is trusted.** The durable store stamps every collection with the number of its last
//! write (see `redb_file`); a checkpoint records the stamp of the snapshot it saved. At start-up
//! it is used only if the format version, the stamp, the dimension and the metric all match, the
//! originals file holds the rows it names, and its CRC-32 (over everything before it) is right;
//! anything else (missing, stale after a crash, corrupt, a file of an older server) means the
//! collection is read from the durable store as before, and a new checkpoint is written later.
//!
//! **Written atomically.** To `<stem>.ckpt.tmp`, fsynced (after the originals file), then
//! renamed over `<stem>.ckpt` and the directory fsynced: a crash leaves the old checkpoint or the
//! new one, never half of one.
//!
//! Layout (little-endian): magic, version u32, stamp u64, dimension u64, metric (u8 length +
//! name), originals file (u16 length + name), its rows u64, live rows n u64; then n sequence
//! numbers, n slots, n ids (u16 length + encoded id), n payloads (u32 length + JSON, u32::MAX
//! for none); cosine and dot: n * dimension codes and n each of the scale, l1, l2, residual and
//! v2 columns; last the CRC-32 of all of it.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::int8::Codes;
use super::originals::FILE_SUFFIX;
use super::{Columns, IndexWriter, Originals, Snapshot};
use crate::linalg::search::Metric;
use crate::store::PointId;

const MAGIC: &[u8; 8] = b"LINALGCK";
/// Raised whenever the layout or the meaning of a saved column changes: an older or newer
/// server's checkpoint is then not trusted, only rebuilt.
const VERSION: u32 = 1;
const SUFFIX: &str = ".ckpt";
/// Buffer for reading and writing checkpoints.
const BUFFER_BYTES: usize = 1 << 20;

/// The file name stem of a collection's checkpoint and originals files: the name in hex (names
/// are short; hex keeps every file name plain whatever the name validation allows later).
pub fn stem(name: &str) -> String {
    name.bytes().map(|b| format!("{b:02x}")).collect()
}

fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{}{SUFFIX}", stem(name)))
}

/// A new named originals file for collection `name` in `dir`.
pub fn new_originals(dir: &Path, name: &str, dimension: usize) -> io::Result<Originals> {
    Originals::named(dir, &stem(name), dimension)
}

/// Saves the live rows of `snapshot` (collection `name`, at durable stamp `stamp`).
pub fn save(dir: &Path, name: &str, stamp: u64, snapshot: &Snapshot) -> io::Result<()> {
    let d = snapshot.dimension;
    let mut order: Vec<(u64, usize, usize)> = Vec::with_capacity(snapshot.count);
    for (s, live) in snapshot.segments.iter().enumerate() {
        let rows = &live.segment.rows;
        order.extend(
            (0..rows.len())
                .filter(|&i| live.live[i])
                .map(|i| (rows.seqs[i], s, i)),
        );
    }
    order.sort_unstable();
    let originals = match snapshot.segments.first() {
        Some(live) => Arc::clone(&live.segment.originals),
        None => return Err(io::Error::other("an empty collection needs no checkpoint")),
    };
    if snapshot
        .segments
        .iter()
        .any(|l| !Arc::ptr_eq(&l.segment.originals, &originals))
    {
        return Err(io::Error::other("segments in more than one originals file"));
    }
    let file_name = originals
        .name()
        .ok_or_else(|| io::Error::other("an unnamed originals file cannot be checkpointed"))?
        .to_string();
    // the rows the checkpoint may name are those written before the sync
    let rows_in_file = originals.len();
    originals.sync()?;
    let row = |&(_, s, i): &(u64, usize, usize)| (&snapshot.segments[s].segment.rows, i);

    let final_path = path(dir, name);
    let tmp = final_path.with_extension("ckpt.tmp");
    let mut out = Summed::new(BufWriter::with_capacity(BUFFER_BYTES, File::create(&tmp)?));
    out.write_all(MAGIC)?;
    out.write_all(&VERSION.to_le_bytes())?;
    out.write_all(&stamp.to_le_bytes())?;
    out.write_all(&(d as u64).to_le_bytes())?;
    let metric = snapshot.metric.name().as_bytes();
    out.write_all(&[metric.len() as u8])?;
    out.write_all(metric)?;
    out.write_all(&(file_name.len() as u16).to_le_bytes())?;
    out.write_all(file_name.as_bytes())?;
    out.write_all(&rows_in_file.to_le_bytes())?;
    out.write_all(&(order.len() as u64).to_le_bytes())?;
    for r in &order {
        let (rows, i) = row(r);
        out.write_all(&rows.seqs[i].to_le_bytes())?;
    }
    for r in &order {
        let (rows, i) = row(r);
        out.write_all(&rows.slots[i].to_le_bytes())?;
    }
    for r in &order {
        let (rows, i) = row(r);
        let id = rows.ids[i].encode();
        out.write_all(&(id.len() as u16).to_le_bytes())?;
        out.write_all(&id)?;
    }
    for r in &order {
        let (rows, i) = row(r);
        match &rows.payloads[i] {
            Some(p) => {
                let json = serde_json::to_vec(p.as_ref()).map_err(io::Error::other)?;
                out.write_all(&(json.len() as u32).to_le_bytes())?;
                out.write_all(&json)?;
            }
            None => out.write_all(&u32::MAX.to_le_bytes())?,
        }
    }
    if snapshot.metric != Metric::Euclidean {
        for r in &order {
            let (rows, i) = row(r);
            let codes = &rows.codes.codes[i * d..(i + 1) * d];
            out.write_all(&codes.iter().map(|&c| c as u8).collect::<Vec<u8>>())?;
        }
        type Column = fn(&Codes) -> &Vec<f64>;
        let columns: [Column; 5] = [
            |c| &c.scales,
            |c| &c.l1,
            |c| &c.l2,
            |c| &c.residual,
            |c| &c.v2,
        ];
        for column in columns {
            for r in &order {
                let (rows, i) = row(r);
                out.write_all(&column(&rows.codes)[i].to_le_bytes())?;
            }
        }
    }
    let crc = out.crc.clone().finalize();
    let mut file = out.inner.into_inner().map_err(|e| e.into_error())?;
    file.write_all(&crc.to_le_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, &final_path)?;
    File::open(dir)?.sync_all()
}

/// Collection `name`'s index from its checkpoint in `dir`, if there is one it can trust for a
/// collection of `metric` and `dimension` whose last write is `stamp`; else why not.
pub fn load(
    dir: &Path,
    name: &str,
    metric: Metric,
    dimension: usize,
    stamp: u64,
) -> Result<(IndexWriter, Snapshot), String> {
    let file = File::open(path(dir, name)).map_err(|e| format!("no checkpoint ({e})"))?;
    let length = file.metadata().map_err(|e| e.to_string())?.len();
    let body = length
        .checked_sub(4)
        .ok_or_else(|| "a truncated checkpoint".to_string())?;
    let mut input = Summed::new(BufReader::with_capacity(BUFFER_BYTES, file).take(body));
    let corrupt = |e: io::Error| format!("a corrupt checkpoint ({e})");
    let mut magic = [0u8; 8];
    input.read_exact(&mut magic).map_err(corrupt)?;
    if &magic != MAGIC {
        return Err("not a checkpoint".into());
    }
    let version = input.u32().map_err(corrupt)?;
    if version != VERSION {
        return Err(format!("a checkpoint of format {version}, not {VERSION}"));
    }
    let saved_stamp = input.u64().map_err(corrupt)?;
    if saved_stamp != stamp {
        return Err(format!(
            "a stale checkpoint (of write {saved_stamp}; the store is at {stamp})"
        ));
    }
    let saved_dimension = input.u64().map_err(corrupt)?;
    let metric_len = input.take_bytes(1).map_err(corrupt)?[0] as usize;
    let saved_metric = input.take_bytes(metric_len).map_err(corrupt)?;
    if saved_dimension != dimension as u64 || saved_metric != metric.name().as_bytes() {
        return Err("a checkpoint of another configuration".into());
    }
    let name_len = u16::from_le_bytes(input.array().map_err(corrupt)?) as usize;
    let file_name = String::from_utf8(input.take_bytes(name_len).map_err(corrupt)?)
        .map_err(|_| "a corrupt checkpoint (file name)".to_string())?;
    if !file_name.ends_with(FILE_SUFFIX) || file_name.contains(['/', '\\']) {
        return Err("a corrupt checkpoint (file name)".into());
    }
    let rows_in_file = input.u64().map_err(corrupt)?;
    let n = usize::try_from(input.u64().map_err(corrupt)?).map_err(|e| e.to_string())?;
    // every row takes at least 23 bytes (and its codes): nothing is allocated beyond what the
    // file could hold
    let d = dimension;
    let per_row = 23
        + if metric == Metric::Euclidean {
            0
        } else {
            d as u64 + 40
        };
    if (n as u64).saturating_mul(per_row) > body {
        return Err("a corrupt checkpoint (row count)".into());
    }
    let mut columns = Columns::with_capacity(metric, n, d);
    columns.seqs = input.u64s(n).map_err(corrupt)?;
    columns.slots = input.u64s(n).map_err(corrupt)?;
    if columns.slots.iter().any(|&s| s >= rows_in_file) || !columns.seqs.is_sorted() {
        return Err("a corrupt checkpoint (slots or order)".into());
    }
    for _ in 0..n {
        let len = u16::from_le_bytes(input.array().map_err(corrupt)?) as usize;
        let id = PointId::decode(&input.take_bytes(len).map_err(corrupt)?)
            .ok_or_else(|| "a corrupt checkpoint (id)".to_string())?;
        columns.ids.push(id);
    }
    for _ in 0..n {
        let len = input.u32().map_err(corrupt)?;
        let payload = if len == u32::MAX {
            None
        } else {
            let json = input.take_bytes(len as usize).map_err(corrupt)?;
            let map = serde_json::from_slice(&json)
                .map_err(|_| "a corrupt checkpoint (payload)".to_string())?;
            Some(Arc::new(map))
        };
        columns.payloads.push(payload);
    }
    if metric != Metric::Euclidean {
        let mut codes = vec![0u8; n * d];
        input.read_exact(&mut codes).map_err(corrupt)?;
        columns.codes.codes = codes.into_iter().map(|b| b as i8).collect();
        columns.codes.scales = input.f64s(n).map_err(corrupt)?;
        columns.codes.l1 = input.f64s(n).map_err(corrupt)?;
        columns.codes.l2 = input.f64s(n).map_err(corrupt)?;
        columns.codes.residual = input.f64s(n).map_err(corrupt)?;
        columns.codes.v2 = input.f64s(n).map_err(corrupt)?;
    }
    let mut rest = [0u8; 1];
    if input.read(&mut rest).map_err(corrupt)? != 0 {
        return Err("a corrupt checkpoint (trailing bytes)".into());
    }
    let computed = input.crc.clone().finalize();
    let mut file = input.inner.into_inner();
    let mut saved = [0u8; 4];
    file.read_exact(&mut saved).map_err(corrupt)?;
    if u32::from_le_bytes(saved) != computed {
        return Err("a corrupt checkpoint (checksum)".into());
    }
    let originals = Originals::reopen(dir, &file_name, d, rows_in_file)
        .map_err(|e| format!("its originals file is not usable ({e})"))?;
    let known = vec![true; n];
    IndexWriter::load(metric, d, Arc::new(originals), columns, &known)
        .map_err(|e| format!("its originals file is not readable ({e})"))
}

/// Deletes collection `name`'s checkpoint (the collection was dropped).
pub fn remove(dir: &Path, name: &str) {
    let _ = std::fs::remove_file(path(dir, name));
}

/// Deletes every checkpoint and originals file in `dir` that `keep` does not name (left by
/// dropped collections, replaced files, or a crash).
pub fn remove_all_but(dir: &Path, keep: &[String]) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(SUFFIX) || name.ends_with(FILE_SUFFIX) || name.ends_with(".tmp");
        if ours && !keep.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// The checkpoint file's name for collection `name`.
pub fn file_name(name: &str) -> String {
    format!("{}{SUFFIX}", stem(name))
}

/// A reader or writer that keeps a CRC-32 of the bytes through it.
struct Summed<T> {
    inner: T,
    crc: crc32fast::Hasher,
}

impl<T> Summed<T> {
    fn new(inner: T) -> Summed<T> {
        Summed {
            inner,
            crc: crc32fast::Hasher::new(),
        }
    }
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Summed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> Summed<R> {
    fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut a = [0u8; N];
        self.read_exact(&mut a)?;
        Ok(a)
    }

    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn take_bytes(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut v = vec![0u8; n];
        self.read_exact(&mut v)?;
        Ok(v)
    }

    fn u64s(&mut self, n: usize) -> io::Result<Vec<u64>> {
        let bytes = self.take_bytes(n * 8)?;
        Ok(bytes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect())
    }

    fn f64s(&mut self, n: usize) -> io::Result<Vec<f64>> {
        Ok(self.u64s(n)?.into_iter().map(f64::from_bits).collect())
    }
}
