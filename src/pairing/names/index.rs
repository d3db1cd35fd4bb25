//! Word weights, the similarity of two names and the candidate pairs found through an inverted
//! index of words (see the [`names`](super) module docs).

use std::collections::HashMap;

use rayon::prelude::*;

use super::limits::Limits;
use crate::cancel::Cancel;
use crate::{Error, Result};

/// What [`NameIndex::scored`] does with the scored candidates `(right, score)` of one left name.
pub type Keep<'k, T> = &'k (dyn Fn(usize, &[(u32, f64, bool)]) -> T + Sync);

/// Decimal places of a name score (0-100): scores are rounded there, so that exact values
/// (80, 100) are exact (see [`NameIndex::ratio`]).
pub const SCORE_DECIMALS: u32 = 10;

/// A scored pair of names: positions in the left and right lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// Position in the left list.
    pub left: u32,
    /// Position in the right list.
    pub right: u32,
    /// Similarity, 0-100.
    pub score: f64,
    /// Whether the matched words come in the same order in both names (the assignment's
    /// tie-break; always false for names of more than 64 words).
    pub ordered: bool,
}

/// At most this many posting entries visited through the inverted indexes (W4's 20,000 x
/// 20,000 names visit about 225,000; 200,000 names a side whose every word is common, about
/// 130 million). A visit stores nothing (see [`NameIndex::scored`]), so this bounds time, not
/// memory: about a second per 100 million on one core. Beyond it the lists hold thousands of
/// copies of the same few words, and an error says which.
pub const MAX_PROBES: usize = 500_000_000;

/// The words of both lists, interned, with weights, one-edit neighbours and postings.
pub struct NameIndex {
    n_left: usize,
    n_right: usize,
    /// Words of name `i` (left names first, then right): `toks[tok_off[i]..tok_off[i + 1]]`.
    tok_off: Vec<usize>,
    toks: Vec<u32>,
    /// Word weights in fixed point (`w * 2^48`, rounded): sums of them are exact integers, so a
    /// score does not depend on the order of its words, and equal words give equal scores.
    weight: Vec<u64>,
    /// The words themselves (for messages).
    vocab: Vec<Box<str>>,
    /// One-edit neighbours of each word: `(word, similarity)`, sorted by word.
    nb_off: Vec<usize>,
    nb: Vec<u32>,
    /// Length of each word in characters.
    len: Vec<u32>,
}

/// At most this many candidate pairs of words at one edit from each other (see
/// [`NameIndex::with_counts`]); 16 bytes each while the neighbour table is built, so at most
/// about 320 MB. Many
/// distinct short words at one edit of each other (thousands of names like `qqqq` followed by
/// one different CJK character) exceed it and are refused with an error instead of using
/// gigabytes.
pub const MAX_WORD_NEIGHBOURS: usize = 20_000_000;

/// The fixed point of word weights: `2^48` (a weight is at most `ln(1 + 2^32) < 23`, so a
/// weight fits 53 bits and sums of them fit a `u128` whatever the length of a name).
const SCALE: f64 = (1u64 << 48) as f64;

const HASH_BASE: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn mix_char(c: char) -> u64 {
    let x = (c as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 31)
}

#[inline]
fn finish_hash(h: u64, len: usize) -> u64 {
    let mut x = h ^ (len as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The key of a word (a polynomial hash of its characters and its length) and, for words of at
/// least 5 characters, the keys of the word with each one character deleted: equal keys for
/// `a` and `b` mean that (up to a hash collision, checked afterwards) one is the other with a
/// character deleted, or both are the same word with a different character deleted. Linear in
/// the word's length (prefix and suffix hashes), so a word of a million characters costs a
/// million steps, not a million squared.
fn word_keys(chars: &[char], id: u32, out: &mut Vec<(u64, u32)>) {
    let n = chars.len();
    if n < 4 {
        return;
    }
    // pre[k]: hash of chars[..k]; suf[k]: sum of mix(chars[i]) * B^(n-1-i) for i >= k
    let mut pre = Vec::with_capacity(n + 1);
    pre.push(0u64);
    for &c in chars {
        let h = *pre.last().unwrap_or(&0);
        pre.push(h.wrapping_mul(HASH_BASE).wrapping_add(mix_char(c)));
    }
    out.push((finish_hash(pre[n], n), id));
    if n < 5 {
        return;
    }
    let mut suf = vec![0u64; n + 1];
    let mut pw = 1u64; // B^(n-1-i)
    for i in (0..n).rev() {
        suf[i] = suf[i + 1].wrapping_add(mix_char(chars[i]).wrapping_mul(pw));
        pw = pw.wrapping_mul(HASH_BASE);
    }
    // deleting position k: pre[k] * B^(n-1-k) + suf[k + 1], over a word of n - 1 characters
    let mut pw = 1u64; // B^(n-1-k), k from n-1 down
    for k in (0..n).rev() {
        out.push((finish_hash(pre[k].wrapping_mul(pw).wrapping_add(suf[k + 1]), n - 1), id));
        pw = pw.wrapping_mul(HASH_BASE);
    }
}

/// What scoring one left name needs, kept by each thread from one name to the next (a stamp per
/// right name: allocated once per thread, not once per piece of work).
#[derive(Default)]
struct Scratch {
    prefix: Vec<u32>,
    words: Vec<u32>,
    stamp: Vec<u32>,
    now: u32,
    rs: Vec<u32>,
    scratch: Vec<(u128, u32, u32, u32, u32)>,
    found: Vec<(u32, f64, bool)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// True when `a` and `b` (distinct) are at one insertion, deletion, substitution or adjacent
/// swap from each other.
pub fn one_edit(a: &[char], b: &[char]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > 1 {
        return false;
    }
    let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        if i == a.len() {
            return false; // equal
        }
        a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else {
        a[i..] == b[i + 1..]
    }
}

/// Whether two words may match by one edit, by their lengths in characters.
#[inline]
pub fn fuzzy_lengths(la: usize, lb: usize) -> bool {
    la.min(lb) >= 4 && la.max(lb) >= 5
}

impl NameIndex {
    /// Index normalised names (`None`: missing, never paired).
    pub fn new(left: &[Option<String>], right: &[Option<String>]) -> Result<NameIndex> {
        let l: Vec<Option<&str>> = left.iter().map(|s| s.as_deref()).collect();
        let r: Vec<Option<&str>> = right.iter().map(|s| s.as_deref()).collect();
        NameIndex::with_counts(&l, &vec![1; l.len()], &r, &vec![1; r.len()], &Limits::default(), Cancel::never())
    }

    /// Index names that stand for `counts[i]` identical names each (word weights count them all).
    ///
    /// Building the table of one-edit neighbours is linear in the total length of the distinct
    /// words; more candidate neighbour pairs than `limits` allow (shared by every block of a
    /// call) is an error, raised before the table is allocated.
    pub fn with_counts(
        left: &[Option<&str>],
        left_counts: &[u32],
        right: &[Option<&str>],
        right_counts: &[u32],
        limits: &Limits,
        cancel: &Cancel,
    ) -> Result<NameIndex> {
        let n_left = left.len();
        let n_right = right.len();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut vocab: Vec<&str> = Vec::new();
        let mut tok_off = Vec::with_capacity(n_left + n_right + 1);
        let mut toks = Vec::new();
        tok_off.push(0);
        for name in left.iter().chain(right) {
            if let Some(name) = name {
                for w in name.split(' ').filter(|w| !w.is_empty()) {
                    let id = *ids.entry(w).or_insert_with(|| {
                        vocab.push(w);
                        (vocab.len() - 1) as u32
                    });
                    toks.push(id);
                }
            }
            tok_off.push(toks.len());
        }
        let v = vocab.len();
        // number the words in string order, so that ties between words are broken by the words
        // themselves, whatever the order of the names
        let mut order: Vec<u32> = (0..v as u32).collect();
        order.par_sort_unstable_by_key(|&t| vocab[t as usize]);
        let mut rank = vec![0u32; v];
        for (r, &t) in order.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        toks.par_iter_mut().for_each(|t| *t = rank[*t as usize]);
        let vocab: Vec<&str> = order.iter().map(|&t| vocab[t as usize]).collect();
        drop((order, rank, ids));
        // one-edit neighbours: words sharing a key (themselves, or with one char deleted)
        let chars: Vec<Vec<char>> = vocab.par_iter().map(|w| w.chars().collect()).collect();
        let mut keys: Vec<(u64, u32)> = chars
            .par_iter()
            .enumerate()
            .fold(Vec::new, |mut out, (id, c)| {
                word_keys(c, id as u32, &mut out);
                out
            })
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            });
        keys.par_sort_unstable();
        keys.dedup();
        // groups of equal keys; every pair in a group is a candidate pair of neighbours
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut g = 0;
        let mut n_cand = 0usize;
        while g < keys.len() {
            let mut e = g + 1;
            while e < keys.len() && keys[e].0 == keys[g].0 {
                e += 1;
            }
            if e - g > 1 {
                groups.push((g, e));
                n_cand = n_cand.saturating_add((e - g) * (e - g - 1) / 2);
            }
            g = e;
        }
        if let Err(n_cand) = limits.neighbours(n_cand) {
            let max = limits.max_neighbours;
            let (g, e) = groups.iter().copied().max_by_key(|&(g, e)| e - g).unwrap_or((0, 0));
            let sample: Vec<&str> = keys[g..e.min(g + 3)].iter().map(|k| vocab[k.1 as usize]).collect();
            return Err(Error::value(format!(
                "pair_names: the names hold {n_cand} pairs of distinct words at one typing error from each other \
                 (such as {sample:?}), more than {max}, the limit that keeps the neighbour table \
                 under about 320 MB: many short words differ by one character only (codes, or one-character \
                 words after a shared stem); pair names made of longer words, or remove the varying character"
            )));
        }
        let mut cand: Vec<(u32, u32)> = Vec::with_capacity(n_cand);
        for &(g, e) in &groups {
            for x in g..e {
                for y in x + 1..e {
                    let (a, b) = (keys[x].1, keys[y].1);
                    if a != b {
                        cand.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        drop(keys);
        cand.par_sort_unstable();
        cand.dedup();
        cancel.check()?;
        let keep: Vec<bool> = cand
            .par_iter()
            .map(|&(a, b)| {
                let (ca, cb) = (&chars[a as usize], &chars[b as usize]);
                fuzzy_lengths(ca.len(), cb.len()) && one_edit(ca, cb)
            })
            .collect();
        let mut k = keep.iter();
        cand.retain(|_| k.next().copied().unwrap_or(false));
        drop(keep);
        cand.shrink_to_fit();
        // both directions, as adjacency lists sorted by word (cand is sorted by (a, b))
        let mut nb_off = vec![0usize; v + 1];
        for &(a, b) in &cand {
            nb_off[a as usize + 1] += 1;
            nb_off[b as usize + 1] += 1;
        }
        for i in 0..v {
            nb_off[i + 1] += nb_off[i];
        }
        let mut fill = nb_off.clone();
        let mut nb = vec![0u32; nb_off[v]];
        // b's list gets the smaller words a in increasing order first, then a's larger words
        for &(a, b) in &cand {
            nb[fill[b as usize]] = a;
            fill[b as usize] += 1;
        }
        for &(a, b) in &cand {
            nb[fill[a as usize]] = b;
            fill[a as usize] += 1;
        }
        drop(cand);
        let len: Vec<u32> = chars.iter().map(|c| c.len() as u32).collect();
        // document frequencies: the names holding the word or a word at one edit of it (a typing
        // error in a common word is as common as the word)
        let mut df = vec![0u32; v];
        let mut n_docs = 0usize;
        let mut seen = vec![u32::MAX; v];
        for i in 0..n_left + n_right {
            let t = &toks[tok_off[i]..tok_off[i + 1]];
            let c = if i < n_left { left_counts[i] } else { right_counts[i - n_left] };
            if !t.is_empty() {
                n_docs += c as usize;
            }
            for &w in t {
                for &u in std::iter::once(&w).chain(&nb[nb_off[w as usize]..nb_off[w as usize + 1]]) {
                    if seen[u as usize] != i as u32 {
                        seen[u as usize] = i as u32;
                        df[u as usize] += c;
                    }
                }
            }
        }
        let n = n_docs.max(1) as f64;
        let weight: Vec<u64> = df.iter().map(|&d| ((1.0 + n / d.max(1) as f64).ln() * SCALE).round() as u64).collect();
        let vocab: Vec<Box<str>> = vocab.into_iter().map(Box::from).collect();
        cancel.check()?;

        Ok(NameIndex { n_left, n_right, tok_off, toks, weight, vocab, len, nb_off, nb })
    }

    pub(super) fn words_of(&self, i: usize) -> &[u32] {
        &self.toks[self.tok_off[i]..self.tok_off[i + 1]]
    }

    /// The number of left names.
    pub(super) fn n_left(&self) -> usize {
        self.n_left
    }

    fn neighbours(&self, t: u32) -> &[u32] {
        &self.nb[self.nb_off[t as usize]..self.nb_off[t as usize + 1]]
    }

    /// The matched value of two words at one edit, `(w(a) + w(b)) * (1 - 1 / L)` with `L` the
    /// length of the longer, in fixed point (rounded down, so never above `w(a) + w(b)`).
    fn edit_value(&self, a: u32, b: u32) -> u128 {
        let l = self.len[a as usize].max(self.len[b as usize]).max(1) as u128;
        (self.weight[a as usize] as u128 + self.weight[b as usize] as u128) * (l - 1) / l
    }

    fn fuzzy_value(&self, a: u32, b: u32) -> Option<u128> {
        self.neighbours(a).binary_search(&b).ok().map(|_| self.edit_value(a, b))
    }

    pub(super) fn weight_of(&self, ws: &[u32]) -> u128 {
        ws.iter().map(|&t| self.weight[t as usize] as u128).sum()
    }

    /// The similarity of left name `l` and right name `r` (0-100).
    pub fn score(&self, l: usize, r: usize) -> f64 {
        self.scored_pair(l, r).0
    }

    /// The score of left name `l` and right name `r`, and whether their matched words come in
    /// the same order (as [`scored`](Self::scored) gives them).
    pub fn scored_pair(&self, l: usize, r: usize) -> (f64, bool) {
        self.score_words(self.words_of(l), self.words_of(self.n_left + r), &mut Vec::new(), None)
    }

    /// The words matched in the score of left name `l` and right name `r`, as `(position in
    /// l, position in r)` (positions among the words of the normalised names), in order of the
    /// left positions: the very match the score counts.
    pub fn matched(&self, l: usize, r: usize) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        self.score_words(self.words_of(l), self.words_of(self.n_left + r), &mut Vec::new(), Some(&mut out));
        out.sort_unstable();
        out
    }

    /// `100 * matched / total`, rounded to [`SCORE_DECIMALS`] decimal places in integers: the
    /// fixed-point sums carry a relative error below 1e-14 (each word at one edit rounds its
    /// `1 - 1/len` share down by less than 2^-48 of its weight), far below the rounding, so a
    /// score that is a whole number in exact arithmetic (80 for `leeds`~`leeda` alone, 100 for
    /// the same words) comes out exactly, and a pair at `min_score` is never lost to the last
    /// bit. Exactly 100 when the two are equal.
    pub(super) fn ratio(matched: u128, total: u128) -> f64 {
        if total == 0 {
            return 0.0;
        }
        const SCALE: u128 = 10u128.pow(SCORE_DECIMALS + 2); // percent, then the decimals
        let m = matched.min(total);
        // m <= total < 2^100 (weights below 2^56 each, a few hundred thousand words at most),
        // so m * SCALE fits in u128 for SCORE_DECIMALS = 10.
        let q = match m.checked_mul(SCALE) {
            Some(p) => (p + total / 2) / total,
            None => return (100.0 * (m as f64 / total as f64)).min(100.0),
        };
        q as f64 / 10f64.powi(SCORE_DECIMALS as i32)
    }

    /// The similarity of two names given as words. Equal words are matched first (every
    /// common occurrence), then pairs of words at one edit, greedily by value, ties broken by
    /// the words themselves (their order as strings) and only then by position: the score
    /// depends on the words, never on their order in either name. Sums are exact (fixed point).
    /// Also whether the matched words come in the same order in both names (false for names
    /// of more than 64 words).
    fn score_words(
        &self,
        a: &[u32],
        b: &[u32],
        fuzzy: &mut Vec<(u128, u32, u32, u32, u32)>,
        explain: Option<&mut Vec<(u32, u32)>>,
    ) -> (f64, bool) {
        let total = self.weight_of(a) + self.weight_of(b);
        if total == 0 {
            return (0.0, false);
        }
        let (matched, ordered) = self.match_value(a, b, fuzzy, explain);
        (Self::ratio(matched, total), ordered)
    }

    /// The matched value of [`score_words`](Self::score_words) (fixed point): the numerator of
    /// its ratio, and whether the matched words come in the same order in both names (false
    /// for names of more than 64 words).
    pub(super) fn match_value(
        &self,
        a: &[u32],
        b: &[u32],
        fuzzy: &mut Vec<(u128, u32, u32, u32, u32)>,
        mut explain: Option<&mut Vec<(u32, u32)>>,
    ) -> (u128, bool) {
        let w = &self.weight;
        const SMALL: usize = 64;
        if a.len() > SMALL || b.len() > SMALL {
            return (self.score_many_words(a, b, explain), false);
        }
        let mut ua = [false; SMALL];
        let mut ub = [false; SMALL];
        let mut partner = [u8::MAX; SMALL];
        let mut matched: u128 = 0;
        for (i, &x) in a.iter().enumerate() {
            if let Some(j) = (0..b.len()).find(|&j| !ub[j] && b[j] == x) {
                ua[i] = true;
                ub[j] = true;
                partner[i] = j as u8;
                matched += 2 * w[x as usize] as u128;
                if let Some(e) = explain.as_deref_mut() {
                    e.push((i as u32, j as u32));
                }
            }
        }
        fuzzy.clear();
        for (i, &x) in a.iter().enumerate() {
            if ua[i] || self.nb_off[x as usize] == self.nb_off[x as usize + 1] {
                continue;
            }
            for (j, &y) in b.iter().enumerate() {
                if !ub[j] {
                    if let Some(c) = self.fuzzy_value(x, y) {
                        fuzzy.push((c, x, y, i as u32, j as u32));
                    }
                }
            }
        }
        if !fuzzy.is_empty() {
            fuzzy.sort_unstable_by(|p, q| q.0.cmp(&p.0).then((p.1, p.2, p.3, p.4).cmp(&(q.1, q.2, q.3, q.4))));
            for &(c, _, _, i, j) in fuzzy.iter() {
                if !ua[i as usize] && !ub[j as usize] {
                    ua[i as usize] = true;
                    ub[j as usize] = true;
                    partner[i as usize] = j as u8;
                    matched += c;
                    if let Some(e) = explain.as_deref_mut() {
                        e.push((i, j));
                    }
                }
            }
        }
        let mut last = -1i32;
        let ordered = partner[..a.len()].iter().filter(|&&j| j != u8::MAX).all(|&j| {
            let ok = j as i32 > last;
            last = j as i32;
            ok
        });
        (matched, ordered)
    }

    /// [`score_words`](Self::score_words) for names of more than 64 words, in time
    /// `O(n log n)` in their lengths, with the same result: equal words are counted, not
    /// searched for, and the words at one edit are matched per pair of distinct words (the
    /// short path takes the occurrences of one pair of words one after the other, which comes
    /// to the same). Deterministic: no hash map.
    fn score_many_words(&self, a: &[u32], b: &[u32], explain: Option<&mut Vec<(u32, u32)>>) -> u128 {
        let w = &self.weight;
        let sorted = |x: &[u32]| -> Vec<(u32, u32)> {
            let mut p: Vec<(u32, u32)> = x.iter().enumerate().map(|(i, &t)| (t, i as u32)).collect();
            p.sort_unstable();
            p
        };
        let runs = |p: &[(u32, u32)]| -> Vec<(u32, usize, usize)> {
            let mut out: Vec<(u32, usize, usize)> = Vec::new();
            for (k, &(t, _)) in p.iter().enumerate() {
                match out.last_mut() {
                    Some(r) if r.0 == t => r.2 = k + 1,
                    _ => out.push((t, k, k + 1)),
                }
            }
            out
        };
        let (pa, pb) = (sorted(a), sorted(b));
        let (ra, rb) = (runs(&pa), runs(&pb));
        let mut used_a = vec![0usize; ra.len()];
        let mut used_b = vec![0usize; rb.len()];
        // (run of a, run of b, how many, first occurrence taken in each)
        let mut taken: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
        let mut matched: u128 = 0;
        let (mut i, mut j) = (0, 0);
        while i < ra.len() && j < rb.len() {
            match ra[i].0.cmp(&rb[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let k = (ra[i].2 - ra[i].1).min(rb[j].2 - rb[j].1);
                    matched += k as u128 * 2 * w[ra[i].0 as usize] as u128;
                    taken.push((i, j, k, 0, 0));
                    used_a[i] = k;
                    used_b[j] = k;
                    i += 1;
                    j += 1;
                }
            }
        }
        let mut fuzzy: Vec<(u128, u32, u32, usize, usize)> = Vec::new();
        for (i, &(x, s, e)) in ra.iter().enumerate() {
            if used_a[i] == e - s {
                continue;
            }
            for &y in self.neighbours(x) {
                if let Ok(j) = rb.binary_search_by_key(&y, |r| r.0) {
                    if used_b[j] < rb[j].2 - rb[j].1 {
                        fuzzy.push((self.edit_value(x, y), x, y, i, j));
                    }
                }
            }
        }
        fuzzy.sort_unstable_by(|p, q| q.0.cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
        for (c, _, _, i, j) in fuzzy {
            let k = (ra[i].2 - ra[i].1 - used_a[i]).min(rb[j].2 - rb[j].1 - used_b[j]);
            if k > 0 {
                matched += k as u128 * c;
                taken.push((i, j, k, used_a[i], used_b[j]));
                used_a[i] += k;
                used_b[j] += k;
            }
        }
        if let Some(out) = explain {
            for (i, j, k, fa, fb) in taken {
                for t in 0..k {
                    out.push((pa[ra[i].1 + fa + t].1, pb[rb[j].1 + fb + t].1));
                }
            }
        }
        matched
    }

    /// The prefix of name `i` (see [`candidates`](Self::candidates)): its distinct words,
    /// rarest first, up to the point where the words left carry less than `tau` of its weight.
    fn prefix(&self, i: usize, tau: f64, out: &mut Vec<u32>) {
        out.clear();
        let ws = self.words_of(i);
        let w = &self.weight;
        let total = self.weight_of(ws);
        let mut occ: Vec<u32> = ws.to_vec();
        occ.sort_unstable_by(|&x, &y| w[y as usize].cmp(&w[x as usize]).then(x.cmp(&y)));
        // conservative: a word is left out only when the rest is clearly below the bound
        let bound = tau * total as f64 * (1.0 - 1e-9);
        let mut rest = total;
        for t in occ {
            if (rest as f64) < bound {
                break;
            }
            if out.last() != Some(&t) {
                out.push(t);
            }
            rest -= w[t as usize] as u128;
        }
    }

    /// Every pair scoring at least `min_score` (and above 0), by left name, each left name's
    /// pairs in the order the index found them (deterministic).
    pub fn candidates(&self, min_score: f64, cancel: &Cancel) -> Result<Vec<Edge>> {
        self.candidates_within(min_score, &Limits::default(), cancel)
    }

    /// [`candidates`](Self::candidates) within `limits`.
    pub fn candidates_within(&self, min_score: f64, limits: &Limits, cancel: &Cancel) -> Result<Vec<Edge>> {
        let per_left = self.scored(min_score, limits, cancel, &|l, found| {
            found
                .iter()
                .map(|&(r, score, ordered)| Edge { left: l as u32, right: r, score, ordered })
                .collect::<Vec<_>>()
        })?;
        Ok(per_left.into_iter().flatten().collect())
    }

    /// The most probed words of a side, for the message of a refusal.
    fn most_probed(&self, tau: f64, names: std::ops::Range<usize>, off: &[usize]) -> Vec<(usize, &str)> {
        let mut by_word = vec![0usize; self.weight.len()];
        let mut prefix = Vec::new();
        for i in names {
            self.prefix(i, tau, &mut prefix);
            for &t in &prefix {
                for &u in std::iter::once(&t).chain(self.neighbours(t)) {
                    by_word[t as usize] += off[u as usize + 1] - off[u as usize];
                }
            }
        }
        let mut top: Vec<(usize, &str)> =
            by_word.iter().enumerate().filter(|p| *p.1 > 0).map(|(t, &n)| (n, &*self.vocab[t])).collect();
        top.sort_unstable_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(q.1)));
        top.truncate(3);
        top
    }

    /// Every pair scoring at least `min_score` (and above 0), scored and handed to `keep` one
    /// left name at a time (`keep(l, pairs)`, `pairs` the `(right, score, ordered)` of `l`);
    /// what `keep` returns, one per left name. `keep` may cut the list to what the caller needs
    /// (the `k` best), so that memory stays proportional to what is kept.
    ///
    /// Prefix filtering (as in the AllPairs and PPJoin set-similarity joins), exact for this
    /// similarity: call `M_A` the weight of the words of name `A` matched in a pair (equal or
    /// at one edit) and `W_A` the weight of all its words. A matched pair of words adds at most
    /// the weights of both words, so the matched sum is at most `M_A + M_B`, and a score of at
    /// least `tau = min_score / 100` needs `M_A + M_B >= tau * (W_A + W_B)`: either
    /// `M_A >= tau * W_A` or `M_B >= tau * W_B`. Order each name's words rarest (heaviest)
    /// first; its *prefix* is the shortest run of them after which the words left weigh less
    /// than `tau * W_A`. If `M_A >= tau * W_A`, some word of the prefix is matched. So a pair
    /// scoring at least `min_score` has a prefix word of the left name matched (equal or at one
    /// edit) by a word of the right name, or a prefix word of the right name matched by a word
    /// of the left. Each left name finds both kinds on its own: its prefix words (and their
    /// one-edit neighbours) in the right side's inverted index of all words, and all its words
    /// (and neighbours) in the right side's index of *prefix* words; each right name found is
    /// kept once (a stamp array) and scored in full. Nothing is stored per probe, so memory
    /// is what `keep` keeps; common words (`north`, `and`) are in the prefix only of names made
    /// mostly of them, which is what keeps the work near-linear on registers where a few words
    /// open a large share of the names.
    ///
    /// More posting entries visited than `limits` allow (shared by every block of a call) is
    /// refused, before any is visited, with an error naming the words that cause it. `cancel`
    /// is polled between chunks of names and advances by `2 * n_left + n_right` units in all.
    pub fn scored<T: Send>(
        &self,
        min_score: f64,
        limits: &Limits,
        cancel: &Cancel,
        keep: Keep<'_, T>,
    ) -> Result<Vec<T>> {
        let all: Vec<u32> = (0..self.n_left as u32).collect();
        self.scored_for(&all, true, min_score, limits, cancel, keep)
    }

    /// [`scored`](Self::scored) for the left names `lefts` only (one result each, in order);
    /// `cancel` advances only when `report` (a second look at some names is not progress).
    pub fn scored_for<T: Send>(
        &self,
        lefts: &[u32],
        report: bool,
        min_score: f64,
        limits: &Limits,
        cancel: &Cancel,
        keep: Keep<'_, T>,
    ) -> Result<Vec<T>> {
        let (nl, nr) = (self.n_left, self.n_right);
        let tau = (min_score / 100.0).clamp(0.0, 1.0);
        // postings of the right side: for each word, the right names holding it (each once),
        // and the right names holding it in their prefix
        // the right side's postings: for each word, the right names holding it (each once), and
        // the right names holding it in their prefix
        let right = nl..nl + nr;
        let ((off, post), (p_off, p_post)) =
            rayon::join(|| self.postings(right.clone(), None), || self.postings(right.clone(), Some(tau)));
        if report {
            cancel.advance(nr as u64);
        }
        cancel.check()?;
        // the posting lists left name `l` visits: its prefix words (and their neighbours) among
        // all the right side's words, all its words (and neighbours) among the right's prefixes
        let visits = |l: usize, prefix: &mut Vec<u32>, words: &mut Vec<u32>, visit: &mut dyn FnMut(&[u32])| {
            self.prefix(l, tau, prefix);
            for &t in prefix.iter() {
                for &u in std::iter::once(&t).chain(self.neighbours(t)) {
                    visit(&post[off[u as usize]..off[u as usize + 1]]);
                }
            }
            words.clear();
            words.extend_from_slice(self.words_of(l));
            words.sort_unstable();
            words.dedup();
            for &t in words.iter() {
                for &u in std::iter::once(&t).chain(self.neighbours(t)) {
                    visit(&p_post[p_off[u as usize]..p_off[u as usize + 1]]);
                }
            }
        };
        let n_probes: usize = lefts
            .par_iter()
            .with_min_len(256)
            .map_init(
                || (Vec::new(), Vec::new()),
                |(prefix, words), &l| {
                    let mut n = 0;
                    visits(l as usize, prefix, words, &mut |p| n += p.len());
                    n
                },
            )
            .sum();
        if let Err(total) = limits.probes(n_probes) {
            let mut top = self.most_probed(tau, 0..nl, &off);
            top.extend(self.most_probed(tau, nl..nl + nr, &self.postings(0..nl, None).0));
            top.sort_unstable_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(q.1)));
            top.dedup_by(|p, q| p.1 == q.1);
            let words: Vec<String> = top.iter().take(3).map(|(n, t)| format!("'{t}' ({n})")).collect();
            return Err(Error::value(format!(
                "pair_names: {total} candidate pairs share a word, more than {}: many names share common words \
                 that alone could reach min_score={min_score} (the words probed most, with the pairs they open: \
                 {}); raise min_score, or give left_block/right_block (a region, a type of body) so that names \
                 meet only within blocks; if the lists hold many copies of the same or near-identical names, \
                 pair the distinct names, then join back",
                limits.max_probes,
                words.join(", ")
            )));
        }
        cancel.check()?;
        const CHUNK: usize = 1024; // names per step between cancel checks (a common-word name probes many lists)
        let mut out: Vec<T> = Vec::with_capacity(lefts.len());
        for chunk in lefts.chunks(CHUNK) {
            cancel.check()?;
            out.par_extend(chunk.par_iter().with_min_len(16).map(|&l| {
                SCRATCH.with(|cell| {
                    let mut fresh = Scratch::default();
                    let mut held = cell.try_borrow_mut();
                    let s = match held.as_deref_mut() {
                        Ok(s) => s,
                        Err(_) => &mut fresh, // not expected: no scoring runs inside `keep`
                    };
                    let l = l as usize;
                    if s.stamp.len() < nr {
                        s.stamp.resize(nr, 0);
                    }
                    s.now = s.now.wrapping_add(1);
                    if s.now == 0 {
                        s.stamp.fill(0);
                        s.now = 1;
                    }
                    let (now, stamp, rs) = (s.now, &mut s.stamp, &mut s.rs);
                    rs.clear();
                    visits(l, &mut s.prefix, &mut s.words, &mut |p| {
                        for &r in p {
                            let m = &mut stamp[r as usize];
                            if *m != now {
                                *m = now;
                                rs.push(r);
                            }
                        }
                    });
                    let a = self.words_of(l);
                    s.found.clear();
                    for &r in rs.iter() {
                        let (score, ordered) =
                            self.score_words(a, self.words_of(nl + r as usize), &mut s.scratch, None);
                        if score > 0.0 && score >= min_score {
                            s.found.push((r, score, ordered));
                        }
                    }
                    keep(l, &s.found)
                })
            }));
            if report {
                cancel.advance(2 * chunk.len() as u64);
            }
        }
        Ok(out)
    }

    /// The postings of the names `names` (positions in the index, one side): for each word
    /// `t`, the names holding it, each once, numbered from the first of `names`, at
    /// `post[off[t]..off[t + 1]]`; with `prefix_tau`, only the words of each name's prefix at
    /// that bound (see [`scored`](Self::scored)).
    fn postings(&self, names: std::ops::Range<usize>, prefix_tau: Option<f64>) -> (Vec<usize>, Vec<u32>) {
        let v = self.weight.len();
        let words = |i: usize, buf: &mut Vec<u32>| match prefix_tau {
            Some(tau) => self.prefix(i, tau, buf),
            None => {
                buf.clear();
                buf.extend_from_slice(self.words_of(i));
                buf.sort_unstable();
                buf.dedup();
            }
        };
        let mut buf = Vec::new();
        let mut off = vec![0usize; v + 1];
        for i in names.clone() {
            words(i, &mut buf);
            for &t in &buf {
                off[t as usize + 1] += 1;
            }
        }
        for t in 0..v {
            off[t + 1] += off[t];
        }
        let mut fill = off.clone();
        let mut post = vec![0u32; off[v]];
        for i in names.clone() {
            words(i, &mut buf);
            for &t in &buf {
                post[fill[t as usize]] = (i - names.start) as u32;
                fill[t as usize] += 1;
            }
        }
        (off, post)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(one_edit(&c("leeds"), &c("leeda")));
        assert!(one_edit(&c("leeds"), &c("leds")));
        assert!(!one_edit(&c("leeds"), &c("elees")));
        assert!(one_edit(&c("abcde"), &c("abdce")));
        assert!(one_edit(&c("abcde"), &c("abcdex")));
        assert!(!one_edit(&c("abcde"), &c("bcdex")));
        assert!(!one_edit(&c("abcde"), &c("abcde")));
    }

    #[test]
    fn many_copies_of_one_name_are_refused_not_exploded() {
        let left: Vec<Option<String>> = (0..100).map(|_| Some("leeds".to_string())).collect();
        let index = NameIndex::new(&left, &left).unwrap();
        let never = Cancel::never();
        let within = |max| Limits::new(max, MAX_WORD_NEIGHBOURS, usize::MAX);
        assert_eq!(index.candidates_within(40.0, &within(20_000), never).unwrap().len(), 10_000); // each pair probed from both sides
        let err = index.candidates_within(40.0, &within(19_999), never).unwrap_err().to_string();
        assert!(err.contains("20000 candidate pairs share a word"), "{err}");
    }
}
