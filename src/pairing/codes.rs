//! The codes of one side of a lookup: read from Arrow arrays where they lie (string codes as
//! `Utf8`, `LargeUtf8`, `Utf8View` or dictionary-encoded, hashed from the Arrow buffers
//! without copying; integer codes of any width as `i64`), given chunk-local ids in order of
//! first appearance, then interned across chunks and batches ([`Interner`]) and sorted
//! ([`Units`]).

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::Array;
use arrow_schema::DataType;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};

/// The distinct codes of one side, sorted (strings bytewise, integers numerically).
#[derive(Clone, Debug, PartialEq)]
pub enum Units {
    /// String codes.
    Str(Vec<String>),
    /// Integer codes.
    Int(Vec<i64>),
}

impl Units {
    /// The number of distinct codes.
    pub fn len(&self) -> usize {
        match self {
            Units::Str(v) => v.len(),
            Units::Int(v) => v.len(),
        }
    }
    /// True when there is no code.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Codes seen in one chunk, in order of first appearance, borrowed from the Arrow buffers.
pub(crate) enum LocalKeys<'a> {
    Str(Vec<&'a [u8]>),
    Int(Vec<i64>),
}

/// The codes of one side over the whole lookup.
#[derive(Default)]
pub(crate) enum Interner {
    #[default]
    Empty,
    Str {
        map: FxHashMap<Box<[u8]>, u32>,
        keys: Vec<Box<[u8]>>,
    },
    Int {
        map: FxHashMap<i64, u32>,
        keys: Vec<i64>,
    },
}

impl Interner {
    /// Global ids of a chunk's local codes, adding new codes.
    pub(crate) fn merge(&mut self, local: &LocalKeys<'_>, name: &str) -> Result<Vec<u32>> {
        if matches!(self, Interner::Empty) {
            *self = match local {
                LocalKeys::Str(_) => Interner::Str { map: FxHashMap::default(), keys: Vec::new() },
                LocalKeys::Int(_) => Interner::Int { map: FxHashMap::default(), keys: Vec::new() },
            };
        }
        match (self, local) {
            (Interner::Str { map, keys }, LocalKeys::Str(local)) => Ok(local
                .iter()
                .map(|&s| match map.get(s) {
                    Some(&id) => id,
                    None => {
                        let id = keys.len() as u32;
                        keys.push(s.into());
                        map.insert(s.into(), id);
                        id
                    }
                })
                .collect()),
            (Interner::Int { map, keys }, LocalKeys::Int(local)) => Ok(local
                .iter()
                .map(|&v| {
                    *map.entry(v).or_insert_with(|| {
                        keys.push(v);
                        keys.len() as u32 - 1
                    })
                })
                .collect()),
            _ => {
                Err(Error::value(format!("column {name:?}: codes change between strings and integers across batches")))
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Interner::Empty => 0,
            Interner::Str { keys, .. } => keys.len(),
            Interner::Int { keys, .. } => keys.len(),
        }
    }

    /// The codes sorted, and for each id its position in that order.
    pub(crate) fn sorted(self) -> (Units, Vec<u32>) {
        match self {
            Interner::Empty => (Units::Str(Vec::new()), Vec::new()),
            Interner::Str { keys, .. } => {
                let mut order: Vec<u32> = (0..keys.len() as u32).collect();
                order.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
                let rank = ranks(&order);
                let units = order.iter().map(|&i| String::from_utf8_lossy(&keys[i as usize]).into_owned()).collect();
                (Units::Str(units), rank)
            }
            Interner::Int { keys, .. } => {
                let mut order: Vec<u32> = (0..keys.len() as u32).collect();
                order.sort_unstable_by_key(|&a| keys[a as usize]);
                let rank = ranks(&order);
                (Units::Int(order.iter().map(|&i| keys[i as usize]).collect()), rank)
            }
        }
    }
}

pub(crate) fn ranks(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

pub(crate) fn first_null(col: &dyn Array, start: usize, end: usize) -> Option<usize> {
    let nulls = col.logical_nulls()?;
    if nulls.null_count() == 0 {
        return None;
    }
    (start..end).find(|&i| nulls.is_null(i))
}

/// Local ids of the strings at `rows` (positions in the array), in order of first appearance.
pub(crate) fn str_ids<'a>(
    get: impl Fn(usize) -> &'a [u8],
    rows: impl ExactSizeIterator<Item = usize>,
) -> (Vec<u32>, LocalKeys<'a>) {
    let mut map: FxHashMap<&'a [u8], u32> = FxHashMap::default();
    let mut keys: Vec<&'a [u8]> = Vec::new();
    let mut ids = Vec::with_capacity(rows.len());
    let mut last: (&[u8], u32) = (&[], u32::MAX);
    for i in rows {
        let s = get(i);
        let id = if last.1 != u32::MAX && last.0 == s {
            last.1
        } else {
            let id = match map.get(s) {
                Some(&id) => id,
                None => {
                    keys.push(s);
                    map.insert(s, keys.len() as u32 - 1);
                    keys.len() as u32 - 1
                }
            };
            last = (s, id);
            id
        };
        ids.push(id);
    }
    (ids, LocalKeys::Str(keys))
}

/// A hasher for 16-byte string views: FxHash's weak mixing of two similar words (codes that
/// differ only in their last bytes) makes hashbrown probe long chains, so mix them fully.
#[derive(Default)]
pub(crate) struct ViewHasher(u64);

impl Hasher for ViewHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u128(&mut self, v: u128) {
        let (lo, hi) = (v as u64, (v >> 64) as u64);
        let a = (lo ^ 0x9e37_79b9_7f4a_7c15) as u128 * (hi ^ 0xd6e8_feb8_6659_fd93) as u128;
        let h = (a as u64) ^ ((a >> 64) as u64);
        self.0 = h ^ (h >> 32);
    }
}

/// `str_ids` for `Utf8View`: a string of up to 12 bytes lies whole in its 16-byte view (length,
/// then the bytes, zero-padded), so the view itself is the key and no bytes are hashed.
pub(crate) fn view_ids<'a>(
    a: &'a arrow_array::StringViewArray,
    rows: impl ExactSizeIterator<Item = usize>,
) -> (Vec<u32>, LocalKeys<'a>) {
    let views: &'a [u128] = a.views();
    let view_bytes: &'a [u8] = a.views().inner().as_slice();
    let mut short: HashMap<u128, u32, BuildHasherDefault<ViewHasher>> = HashMap::default();
    let mut long: FxHashMap<&'a [u8], u32> = FxHashMap::default();
    let mut keys: Vec<&'a [u8]> = Vec::new();
    let mut ids = Vec::with_capacity(rows.len());
    let mut last: (u128, u32) = (u128::MAX, u32::MAX);
    for i in rows {
        let v = views[i];
        if v == last.0 {
            ids.push(last.1);
            continue;
        }
        let len = v as u32 as usize;
        let id = if len <= 12 {
            match short.get(&v) {
                Some(&id) => id,
                None => {
                    keys.push(&view_bytes[16 * i + 4..16 * i + 4 + len]);
                    short.insert(v, keys.len() as u32 - 1);
                    keys.len() as u32 - 1
                }
            }
        } else {
            let s = a.value(i).as_bytes();
            *long.entry(s).or_insert_with(|| {
                keys.push(s);
                keys.len() as u32 - 1
            })
        };
        if len <= 12 {
            last = (v, id);
        }
        ids.push(id);
    }
    (ids, LocalKeys::Str(keys))
}

pub(crate) fn int_ids(
    get: impl Fn(usize) -> i64,
    rows: impl ExactSizeIterator<Item = usize>,
) -> (Vec<u32>, LocalKeys<'static>) {
    let mut map: FxHashMap<i64, u32> = FxHashMap::default();
    let mut keys: Vec<i64> = Vec::new();
    let mut ids = Vec::with_capacity(rows.len());
    for i in rows {
        let v = get(i);
        let id = *map.entry(v).or_insert_with(|| {
            keys.push(v);
            keys.len() as u32 - 1
        });
        ids.push(id);
    }
    (ids, LocalKeys::Int(keys))
}

/// Chunk-local ids of the codes in rows `start..end` of a code column.
pub(crate) fn ids<'a>(
    col: &'a dyn Array,
    start: usize,
    end: usize,
    name: &str,
    base: u64,
) -> Result<(Vec<u32>, LocalKeys<'a>)> {
    if let Some(i) = first_null(col, start, end) {
        return Err(Error::value(format!("column {name:?}, row {}: missing code", base + i as u64)));
    }
    if let DataType::Dictionary(_, _) = col.data_type() {
        return dict_ids(col, start, end, name, base);
    }
    ids_at(col, start..end, name, base)
}

/// Local ids of the codes at positions `rows` of a plain (not dictionary) column whose
/// positions there are known not to be null.
pub(crate) fn ids_at<'a, I>(col: &'a dyn Array, rows: I, name: &str, base: u64) -> Result<(Vec<u32>, LocalKeys<'a>)>
where
    I: ExactSizeIterator<Item = usize> + Clone,
{
    macro_rules! ints {
        ($t:ty) => {{
            let v = col.as_primitive::<$t>().values();
            Ok(int_ids(|i| v[i] as i64, rows))
        }};
    }
    match col.data_type() {
        DataType::Utf8 => {
            let a = col.as_string::<i32>();
            let (off, data) = (a.value_offsets(), a.value_data());
            Ok(str_ids(|i| &data[off[i] as usize..off[i + 1] as usize], rows))
        }
        DataType::LargeUtf8 => {
            let a = col.as_string::<i64>();
            let (off, data) = (a.value_offsets(), a.value_data());
            Ok(str_ids(|i| &data[off[i] as usize..off[i + 1] as usize], rows))
        }
        DataType::Utf8View => Ok(view_ids(col.as_string_view(), rows)),
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => {
            let v = col.as_primitive::<UInt64Type>().values();
            if let Some(i) = rows.clone().find(|&i| v[i] > i64::MAX as u64) {
                return Err(Error::value(format!(
                    "column {name:?}, row {}: the code {} is too large",
                    base + i as u64,
                    v[i]
                )));
            }
            Ok(int_ids(|i| v[i] as i64, rows))
        }
        DataType::Dictionary(_, _) => {
            Err(Error::value(format!("column {name:?}: a dictionary whose values are themselves dictionary-encoded")))
        }
        t => Err(Error::value(format!("column {name:?}: codes must be strings or integers, got Arrow type {t}"))),
    }
}

/// `ids` for a dictionary-encoded column: only the dictionary values that rows `start..end`
/// use are read (a null or unused entry of the dictionary is no code of the lookup).
pub(crate) fn dict_ids<'a>(
    col: &'a dyn Array,
    start: usize,
    end: usize,
    name: &str,
    base: u64,
) -> Result<(Vec<u32>, LocalKeys<'a>)> {
    let d = col.as_any_dictionary();
    let values = d.values().as_ref();
    let k = d.keys();
    let mut keys: Vec<usize> = Vec::with_capacity(end - start);
    macro_rules! dict {
        ($t:ty) => {{
            let kv = k.as_primitive::<$t>().values();
            for i in start..end {
                let key = kv[i] as usize;
                if key >= values.len() {
                    return Err(Error::value(format!(
                        "column {name:?}, row {}: dictionary key {key} is out of range",
                        base + i as u64
                    )));
                }
                keys.push(key);
            }
        }};
    }
    match k.data_type() {
        DataType::Int8 => dict!(Int8Type),
        DataType::Int16 => dict!(Int16Type),
        DataType::Int32 => dict!(Int32Type),
        DataType::Int64 => dict!(Int64Type),
        DataType::UInt8 => dict!(UInt8Type),
        DataType::UInt16 => dict!(UInt16Type),
        DataType::UInt32 => dict!(UInt32Type),
        DataType::UInt64 => dict!(UInt64Type),
        t => return Err(Error::value(format!("column {name:?}: unsupported dictionary keys {t}"))),
    }
    // The dictionary entries used, in order of first use, and each entry's place among them.
    let mut slot = vec![u32::MAX; values.len()];
    let mut used: Vec<usize> = Vec::new();
    for &key in &keys {
        if slot[key] == u32::MAX {
            slot[key] = used.len() as u32;
            used.push(key);
        }
    }
    if let Some(nulls) = values.logical_nulls() {
        // `first_null` has already caught a row whose key points at a null entry.
        if let Some(j) = keys.iter().position(|&key| nulls.is_null(key)) {
            return Err(Error::value(format!("column {name:?}, row {}: missing code", base + (start + j) as u64)));
        }
    }
    let (vids, lkeys) = ids_at(values, used.iter().copied(), name, base)?;
    Ok((keys.iter().map(|&key| vids[slot[key] as usize]).collect(), lkeys))
}
