//! Organisation names: normalisation, a word-weighted similarity, candidate pairs from an
//! inverted index, and the optimal one-to-one pairing of two lists.
//!
//! # Normalisation
//! Unicode NFKC, full case folding, NFKC again; `&` becomes the word `and`; apostrophes are
//! dropped (`King's` → `kings`), every other character that is not a letter or digit separates
//! words; the word `st` becomes `saint`; then sector affixes (a JSON list, see
//! [`BUILTIN_AFFIXES`]) are removed as whole words, prefixes from the start and suffixes from the
//! end, longest first, repeatedly, never leaving a name with no word. The result is the words
//! joined by single spaces; normalising it again changes nothing.
//!
//! # Similarity (0-100)
//! Each distinct word `t` of the two lists weighs `w(t) = ln(1 + N / df(t))`, where `N` is the
//! number of non-empty normalised names on both sides and `df(t)` the number of them containing
//! `t`: rare words (place names) count more than common ones (`north`, `and`). Words of two
//! names are matched one-to-one: equal words first (similarity 1), then pairs of words at one
//! edit from each other (an insertion, deletion, substitution or swap of adjacent characters,
//! when the longer word has at least 5 characters and the shorter at least 4; similarity
//! `1 - 1/len(longer)`), greedily by `sim * (w(a) + w(b))`, largest first. The score is
//! `100 * Σ sim * (w(a) + w(b)) / (Σ w over both names' words)`: a weighted Dice coefficient,
//! 100 for the same words in any order, 0 for names with no word in common.
//!
//! # Candidates and pairing
//! Every pair scoring at least `min_score` is found without comparing all pairs: each name
//! probes an inverted index of the other side's words (and their one-edit neighbours). Words
//! in more than `max(64, sqrt(N))` names are "common": a probe through a common word to a
//! common word is only made for names whose common words carry at least `min_score`% of their
//! weight, which cannot lose a pair above the threshold (the score of a pair matched only
//! through common words is at most the larger of the two names' common shares). The pairs
//! found are solved by an exact one-to-one assignment maximising the sum of squared scores
//! (so that one strong pair is not traded for two middling ones), component by component.
//! Identical normalised names are indexed and scored once (their words still count once per
//! name in `df`), so many copies of a name cost no more than one.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::{Error, Result};

/// The built-in affix list, shipped in the Python package as `coterminous/data/affixes.json`.
pub const BUILTIN_AFFIXES: &str = include_str!("../../python/coterminous/data/affixes.json");

/// A list of sector affixes: words removed from the start (`prefix`) or end (`suffix`) of names.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Affixes {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub prefix: Vec<String>,
    #[serde(default)]
    pub suffix: Vec<String>,
}

impl Affixes {
    pub fn from_json(text: &str) -> Result<Affixes> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            Error::value(format!(
                "affixes: {}: {}",
                if path.is_empty() { "$".into() } else { format!("$.{path}") },
                e.inner()
            ))
        })
    }

    pub fn builtin() -> Result<Affixes> {
        Affixes::from_json(BUILTIN_AFFIXES)
    }
}

/// Normalises names; built once per call from an affix list.
#[derive(Debug, Clone)]
pub struct Normalizer {
    /// Affixes as word lists, longest first.
    prefixes: Vec<Vec<String>>,
    suffixes: Vec<Vec<String>>,
}

fn compile(list: &[String], key: &str) -> Result<Vec<Vec<String>>> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(list.len());
    for (i, entry) in list.iter().enumerate() {
        let words = words(&fold(entry));
        if words.is_empty() {
            return Err(Error::value(format!("affixes: $.{key}[{i}]: {entry:?} has no letters or digits")));
        }
        if !out.contains(&words) {
            out.push(words);
        }
    }
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Ok(out)
}

impl Normalizer {
    pub fn new(affixes: &Affixes) -> Result<Self> {
        Ok(Normalizer { prefixes: compile(&affixes.prefix, "prefix")?, suffixes: compile(&affixes.suffix, "suffix")? })
    }

    /// The built-in affixes, plus (or, with `replace`, instead) those of `extra`, a JSON
    /// document like the built-in one.
    pub fn with_affixes(extra: Option<&str>, replace: bool) -> Result<Self> {
        let mut a = if replace { Affixes::default() } else { Affixes::builtin()? };
        if let Some(text) = extra {
            let e = Affixes::from_json(text)?;
            Normalizer::new(&e)?; // errors name the entry in the caller's own list
            a.prefix.extend(e.prefix);
            a.suffix.extend(e.suffix);
        }
        Normalizer::new(&a)
    }

    pub fn builtin() -> Result<Self> {
        Normalizer::new(&Affixes::builtin()?)
    }

    /// The normalised name (see the module docs).
    pub fn normalize(&self, name: &str) -> String {
        let mut cur = self.once(name);
        if !name.is_ascii() {
            // Folding and NFKC may interact on exotic text; iterate to the fixed point.
            for _ in 0..4 {
                let next = self.once(&cur);
                if next == cur {
                    break;
                }
                cur = next;
            }
        }
        cur
    }

    fn once(&self, name: &str) -> String {
        let w = words(&fold(name));
        let (a, b) = self.strip(&w);
        w[a..b].join(" ")
    }

    /// The range of `w` left once affixes are removed.
    fn strip(&self, w: &[String]) -> (usize, usize) {
        let (mut a, mut b) = (0, w.len());
        loop {
            let mut changed = false;
            if let Some(k) = self.prefixes.iter().find_map(|p| {
                let k = p.len();
                (k < b - a && w[a..a + k] == p[..]).then_some(k)
            }) {
                a += k;
                changed = true;
            }
            if let Some(k) = self.suffixes.iter().find_map(|p| {
                let k = p.len();
                (k < b - a && w[b - k..b] == p[..]).then_some(k)
            }) {
                b -= k;
                changed = true;
            }
            if !changed {
                return (a, b);
            }
        }
    }
}

/// NFKC, full case folding, NFKC.
fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        let a: String = s.nfkc().collect();
        let b = caseless::default_case_fold_str(&a);
        b.nfkc().collect()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}')
}

/// Words of folded text: `&` is the word `and`, apostrophes join, other non-alphanumerics
/// separate; `st` is `saint`.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            let w = std::mem::take(cur);
            out.push(if w == "st" { "saint".to_string() } else { w });
        }
    };
    for c in s.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if is_apostrophe(c) {
        } else {
            flush(&mut cur, &mut out);
            if c == '&' {
                out.push("and".to_string());
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Normalise many names in parallel; `None` stays `None`.
pub fn normalize_all(norm: &Normalizer, names: &[Option<&str>]) -> Vec<Option<String>> {
    names.par_iter().with_min_len(256).map(|s| s.map(|s| norm.normalize(s))).collect()
}

// ---------------------------------------------------------------------------------------------
// Similarity

/// A scored pair of names: positions in the left and right lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub left: u32,
    pub right: u32,
    pub score: f64,
}

/// At most this many (left, right) probes through the inverted index (W4's 20,000 x 20,000
/// names make about 225,000). Beyond it the lists hold thousands of copies of the same names,
/// whose dense components the exact assignment would take minutes to solve: an error says so.
pub const MAX_PROBES: usize = 50_000_000;

/// The words of both lists, interned, with weights, one-edit neighbours and postings.
pub struct NameIndex {
    n_left: usize,
    n_right: usize,
    /// Words of name `i` (left names first, then right): `toks[tok_off[i]..tok_off[i + 1]]`.
    tok_off: Vec<usize>,
    toks: Vec<u32>,
    weight: Vec<f64>,
    common: Vec<bool>,
    /// One-edit neighbours of each word: `(word, similarity)`, sorted by word.
    nb_off: Vec<usize>,
    nb: Vec<(u32, f64)>,
}

/// A small, fast hash of a char sequence with one position skipped (`skip = usize::MAX`: none).
fn hash_chars(chars: &[char], skip: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (chars.len() as u64 - (skip != usize::MAX) as u64);
    for (i, &c) in chars.iter().enumerate() {
        if i != skip {
            h = (h ^ c as u64).wrapping_mul(0x0100_0000_01b3);
            h ^= h >> 29;
        }
    }
    h
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
    pub fn new(left: &[Option<String>], right: &[Option<String>]) -> NameIndex {
        let l: Vec<Option<&str>> = left.iter().map(|s| s.as_deref()).collect();
        let r: Vec<Option<&str>> = right.iter().map(|s| s.as_deref()).collect();
        NameIndex::with_counts(&l, &vec![1; l.len()], &r, &vec![1; r.len()])
    }

    /// Index names that stand for `counts[i]` identical names each (word weights count them all).
    pub fn with_counts(
        left: &[Option<&str>],
        left_counts: &[u32],
        right: &[Option<&str>],
        right_counts: &[u32],
    ) -> NameIndex {
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
        // document frequencies
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
                if seen[w as usize] != i as u32 {
                    seen[w as usize] = i as u32;
                    df[w as usize] += c;
                }
            }
        }
        let n = n_docs.max(1) as f64;
        let weight: Vec<f64> = df.iter().map(|&d| (1.0 + n / d.max(1) as f64).ln()).collect();
        let cap = 64usize.max((n_docs as f64).sqrt() as usize);
        let common: Vec<bool> = df.iter().map(|&d| d as usize > cap).collect();

        // one-edit neighbours: words sharing a key (themselves, or with one char deleted)
        let chars: Vec<Vec<char>> = vocab.par_iter().map(|w| w.chars().collect()).collect();
        let mut keys: Vec<(u64, u32)> = chars
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, c)| {
                let id = id as u32;
                let own = (c.len() >= 4).then(|| (hash_chars(c, usize::MAX), id));
                let dels =
                    (c.len() >= 5).then(|| (0..c.len()).map(move |k| (hash_chars(c, k), id))).into_iter().flatten();
                own.into_iter().chain(dels)
            })
            .collect();
        keys.par_sort_unstable();
        keys.dedup();
        let mut cand: Vec<(u32, u32)> = Vec::new();
        let mut g = 0;
        while g < keys.len() {
            let mut e = g + 1;
            while e < keys.len() && keys[e].0 == keys[g].0 {
                e += 1;
            }
            for x in g..e {
                for y in x + 1..e {
                    let (a, b) = (keys[x].1, keys[y].1);
                    if a != b {
                        cand.push((a.min(b), a.max(b)));
                    }
                }
            }
            g = e;
        }
        cand.par_sort_unstable();
        cand.dedup();
        let pairs: Vec<(u32, u32, f64)> = cand
            .par_iter()
            .filter_map(|&(a, b)| {
                let (ca, cb) = (&chars[a as usize], &chars[b as usize]);
                (fuzzy_lengths(ca.len(), cb.len()) && one_edit(ca, cb))
                    .then(|| (a, b, 1.0 - 1.0 / ca.len().max(cb.len()) as f64))
            })
            .collect();
        let mut nb_all: Vec<(u32, u32, f64)> = Vec::with_capacity(2 * pairs.len());
        for &(a, b, s) in &pairs {
            nb_all.push((a, b, s));
            nb_all.push((b, a, s));
        }
        nb_all.par_sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
        let mut nb_off = vec![0usize; v + 1];
        for &(a, _, _) in &nb_all {
            nb_off[a as usize + 1] += 1;
        }
        for i in 0..v {
            nb_off[i + 1] += nb_off[i];
        }
        let nb = nb_all.into_iter().map(|(_, b, s)| (b, s)).collect();
        NameIndex { n_left, n_right, tok_off, toks, weight, common, nb_off, nb }
    }

    fn words_of(&self, i: usize) -> &[u32] {
        &self.toks[self.tok_off[i]..self.tok_off[i + 1]]
    }

    fn neighbours(&self, t: u32) -> &[(u32, f64)] {
        &self.nb[self.nb_off[t as usize]..self.nb_off[t as usize + 1]]
    }

    fn fuzzy_sim(&self, a: u32, b: u32) -> Option<f64> {
        let n = self.neighbours(a);
        n.binary_search_by_key(&b, |x| x.0).ok().map(|k| n[k].1)
    }

    /// The similarity of left name `l` and right name `r` (0-100).
    pub fn score(&self, l: usize, r: usize) -> f64 {
        self.score_words(self.words_of(l), self.words_of(self.n_left + r), &mut Vec::new())
    }

    fn score_words(&self, a: &[u32], b: &[u32], fuzzy: &mut Vec<(f64, u32, u32)>) -> f64 {
        let w = &self.weight;
        let total: f64 = a.iter().map(|&t| w[t as usize]).sum::<f64>() + b.iter().map(|&t| w[t as usize]).sum::<f64>();
        if total <= 0.0 {
            return 0.0;
        }
        const SMALL: usize = 64;
        let mut used_a = [false; SMALL];
        let mut used_b = [false; SMALL];
        let (mut big_a, mut big_b) = (Vec::new(), Vec::new());
        let (ua, ub): (&mut [bool], &mut [bool]) = if a.len() <= SMALL && b.len() <= SMALL {
            (&mut used_a[..a.len()], &mut used_b[..b.len()])
        } else {
            big_a.resize(a.len(), false);
            big_b.resize(b.len(), false);
            (&mut big_a[..], &mut big_b[..])
        };
        let mut matched = 0.0;
        for (i, &x) in a.iter().enumerate() {
            if let Some(j) = (0..b.len()).find(|&j| !ub[j] && b[j] == x) {
                ua[i] = true;
                ub[j] = true;
                matched += 2.0 * w[x as usize];
            }
        }
        fuzzy.clear();
        for (i, &x) in a.iter().enumerate() {
            if ua[i] || self.nb_off[x as usize] == self.nb_off[x as usize + 1] {
                continue;
            }
            for (j, &y) in b.iter().enumerate() {
                if !ub[j] {
                    if let Some(s) = self.fuzzy_sim(x, y) {
                        fuzzy.push((s * (w[x as usize] + w[y as usize]), i as u32, j as u32));
                    }
                }
            }
        }
        if !fuzzy.is_empty() {
            fuzzy.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
            for &(c, i, j) in fuzzy.iter() {
                if !ua[i as usize] && !ub[j as usize] {
                    ua[i as usize] = true;
                    ub[j as usize] = true;
                    matched += c;
                }
            }
        }
        (100.0 * matched / total).min(100.0)
    }

    /// Every pair scoring at least `min_score` (and above 0), sorted by left then right.
    pub fn candidates(&self, min_score: f64) -> Result<Vec<Edge>> {
        self.candidates_within(min_score, MAX_PROBES)
    }

    /// [`candidates`](Self::candidates) with an explicit limit on the probes.
    pub fn candidates_within(&self, min_score: f64, max_probes: usize) -> Result<Vec<Edge>> {
        let (nl, nr) = (self.n_left, self.n_right);
        let v = self.weight.len();
        // postings of each word: right names, then left names
        let postings = |range: std::ops::Range<usize>, base: usize| -> (Vec<usize>, Vec<u32>) {
            let mut off = vec![0usize; v + 1];
            for i in range.clone() {
                let mut ws = self.words_of(i).to_vec();
                ws.sort_unstable();
                ws.dedup();
                for t in ws {
                    off[t as usize + 1] += 1;
                }
            }
            for t in 0..v {
                off[t + 1] += off[t];
            }
            let mut fill = off.clone();
            let mut post = vec![0u32; off[v]];
            for i in range {
                let mut ws = self.words_of(i).to_vec();
                ws.sort_unstable();
                ws.dedup();
                for t in ws {
                    post[fill[t as usize]] = (i - base) as u32;
                    fill[t as usize] += 1;
                }
            }
            (off, post)
        };
        let (r_off, r_post) = postings(nl..nl + nr, nl);
        let (l_off, l_post) = postings(0..nl, 0);
        let heavy = |i: usize| -> bool {
            let ws = self.words_of(i);
            let total: f64 = ws.iter().map(|&t| self.weight[t as usize]).sum();
            let common: f64 = ws.iter().filter(|&&t| self.common[t as usize]).map(|&t| self.weight[t as usize]).sum();
            total > 0.0 && 100.0 * common >= min_score * total
        };
        // candidates of each left name through its own probes
        // the posting lists left name `i` probes (duplicates possible)
        let left_probes = |i: usize, visit: &mut dyn FnMut(&[u32])| {
            let ws = self.words_of(i);
            let all = heavy(i);
            for (k, &t) in ws.iter().enumerate() {
                if ws[..k].contains(&t) {
                    continue;
                }
                let ct = self.common[t as usize];
                if all || !ct {
                    visit(&r_post[r_off[t as usize]..r_off[t as usize + 1]]);
                }
                for &(u, _) in self.neighbours(t) {
                    if all || !(ct && self.common[u as usize]) {
                        visit(&r_post[r_off[u as usize]..r_off[u as usize + 1]]);
                    }
                }
            }
        };
        // right names made mostly of common words probe the left names through them
        let right_probes = |r: usize, visit: &mut dyn FnMut(&[u32])| {
            if heavy(nl + r) {
                for &t in self.words_of(nl + r).iter().filter(|&&t| self.common[t as usize]) {
                    visit(&l_post[l_off[t as usize]..l_off[t as usize + 1]]);
                    for &(u, _) in self.neighbours(t) {
                        if self.common[u as usize] {
                            visit(&l_post[l_off[u as usize]..l_off[u as usize + 1]]);
                        }
                    }
                }
            }
        };
        // guard against quadratic blow-up (thousands of copies of one name on both sides)
        let probes: usize = (0..nl)
            .into_par_iter()
            .with_min_len(256)
            .map(|i| {
                let mut n = 0;
                left_probes(i, &mut |p| n += p.len());
                n
            })
            .sum::<usize>()
            + (0..nr)
                .into_par_iter()
                .with_min_len(256)
                .map(|r| {
                    let mut n = 0;
                    right_probes(r, &mut |p| n += p.len());
                    n
                })
                .sum::<usize>();
        if probes > max_probes {
            return Err(Error::value(format!(
                "pair_names: {probes} candidate pairs share a word, more than {max_probes}: the lists hold many \
                 copies of the same or near-identical names (pair distinct names, then join back), or min_score \
                 is too low for names made of common words"
            )));
        }
        let mut per_left: Vec<Vec<u32>> = (0..nl)
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let mut out = Vec::new();
                left_probes(i, &mut |p| out.extend_from_slice(p));
                out
            })
            .collect();
        let extra: Vec<(u32, u32)> = (0..nr)
            .into_par_iter()
            .with_min_len(64)
            .flat_map_iter(|r| {
                let mut out = Vec::new();
                right_probes(r, &mut |p| out.extend(p.iter().map(|&l| (l, r as u32))));
                out
            })
            .collect();
        for (l, r) in extra {
            per_left[l as usize].push(r);
        }
        Ok(per_left
            .par_iter_mut()
            .enumerate()
            .with_min_len(64)
            .map_init(Vec::new, |scratch, (l, rs)| {
                rs.sort_unstable();
                rs.dedup();
                let a = self.words_of(l);
                rs.iter()
                    .filter_map(|&r| {
                        let s = self.score_words(a, self.words_of(nl + r as usize), scratch);
                        (s > 0.0 && s >= min_score).then_some(Edge { left: l as u32, right: r, score: s })
                    })
                    .collect::<Vec<_>>()
            })
            .flatten()
            .collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Pairing

/// A one-to-one matcher: `(n_rows, n_cols, edges) -> matched (row, col)` maximising the total
/// weight over all matchings of the edges (rows and columns may stay unmatched).
pub type Matcher<'m> = &'m (dyn Fn(usize, usize, &[(u32, u32, f64)]) -> Result<Vec<(u32, u32)>> + Sync);

/// The one-to-one pairing of `edges` that maximises the sum of squared scores (one strong pair
/// is worth more than two middling ones: 80² > 51² + 40², where the plain sum would trade the
/// strong pair away). Edges are split into connected components, each solved exactly by
/// `matcher`; the pairs chosen, sorted by left index.
pub fn assign_edges(edges: &[Edge], n_left: usize, n_right: usize, matcher: Matcher<'_>) -> Result<Vec<Edge>> {
    // union-find over left 0..n_left and right n_left..
    let mut parent: Vec<u32> = (0..(n_left + n_right) as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    for e in edges {
        let a = find(&mut parent, e.left);
        let b = find(&mut parent, n_left as u32 + e.right);
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    let mut by_comp: Vec<(u32, u32)> =
        edges.iter().enumerate().map(|(k, e)| (find(&mut parent, e.left), k as u32)).collect();
    by_comp.sort_unstable();
    let mut groups: Vec<&[(u32, u32)]> = Vec::new();
    let mut g = 0;
    while g < by_comp.len() {
        let mut e = g + 1;
        while e < by_comp.len() && by_comp[e].0 == by_comp[g].0 {
            e += 1;
        }
        groups.push(&by_comp[g..e]);
        g = e;
    }
    let chosen: Vec<Vec<Edge>> = groups
        .par_iter()
        .map(|grp| -> Result<Vec<Edge>> {
            if grp.len() == 1 {
                return Ok(vec![edges[grp[0].1 as usize]]);
            }
            // local numbering
            let mut rows: Vec<u32> = grp.iter().map(|&(_, k)| edges[k as usize].left).collect();
            let mut cols: Vec<u32> = grp.iter().map(|&(_, k)| edges[k as usize].right).collect();
            rows.sort_unstable();
            rows.dedup();
            cols.sort_unstable();
            cols.dedup();
            let local: Vec<(u32, u32, f64)> = grp
                .iter()
                .map(|&(_, k)| {
                    let e = edges[k as usize];
                    (
                        rows.binary_search(&e.left).unwrap_or(0) as u32,
                        cols.binary_search(&e.right).unwrap_or(0) as u32,
                        e.score * e.score,
                    )
                })
                .collect();
            let m = matcher(rows.len(), cols.len(), &local)?;
            let mut score: HashMap<(u32, u32), f64> = HashMap::with_capacity(local.len());
            for (&(r, c, _), &(_, k)) in local.iter().zip(grp.iter()) {
                score.insert((r, c), edges[k as usize].score);
            }
            m.into_iter()
                .map(|(r, c)| {
                    let s = score.get(&(r, c)).copied().ok_or_else(|| {
                        Error::value(format!("pair_names: the assignment chose a pair ({r}, {c}) that is not an edge"))
                    })?;
                    Ok(Edge { left: rows[r as usize], right: cols[c as usize], score: s })
                })
                .collect()
        })
        .collect::<Result<_>>()?;
    let mut out: Vec<Edge> = chosen.into_iter().flatten().collect();
    out.sort_unstable_by_key(|e| e.left);
    Ok(out)
}

/// Options of [`pair_names`].
#[derive(Clone, Debug)]
pub struct PairOptions {
    pub min_score: f64,
}

/// At most this many unit pairs once identical names are expanded (see [`pair_names`]).
pub const MAX_EDGES: usize = 50_000_000;

/// Identical normalised names of one side, grouped: group `g` is `names[g]`, standing for the
/// units `units[off[g]..off[g + 1]]` (ascending). Missing names belong to no group.
struct Groups<'a> {
    names: Vec<Option<&'a str>>,
    counts: Vec<u32>,
    off: Vec<usize>,
    units: Vec<u32>,
}

impl<'a> Groups<'a> {
    fn new(norm: &'a [Option<String>]) -> Groups<'a> {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut names = Vec::new();
        let mut of_unit = Vec::with_capacity(norm.len());
        for s in norm {
            of_unit.push(s.as_deref().map(|s| {
                *ids.entry(s).or_insert_with(|| {
                    names.push(Some(s));
                    (names.len() - 1) as u32
                })
            }));
        }
        let mut counts = vec![0u32; names.len()];
        for g in of_unit.iter().flatten() {
            counts[*g as usize] += 1;
        }
        let mut off = vec![0usize; names.len() + 1];
        for g in 0..names.len() {
            off[g + 1] = off[g] + counts[g] as usize;
        }
        let mut fill = off.clone();
        let mut units = vec![0u32; off[names.len()]];
        for (u, g) in of_unit.iter().enumerate() {
            if let Some(g) = g {
                units[fill[*g as usize]] = u as u32;
                fill[*g as usize] += 1;
            }
        }
        Groups { names, counts, off, units }
    }

    fn units(&self, g: u32) -> &[u32] {
        &self.units[self.off[g as usize]..self.off[g as usize + 1]]
    }
}

/// Normalise, group identical names, index, find every group pair scoring at least
/// `min_score`.
fn group_edges<'a>(
    l: &'a [Option<String>],
    r: &'a [Option<String>],
    min_score: f64,
) -> Result<(Groups<'a>, Groups<'a>, Vec<Edge>)> {
    let (lg, rg) = rayon::join(|| Groups::new(l), || Groups::new(r));
    let index = NameIndex::with_counts(&lg.names, &lg.counts, &rg.names, &rg.counts);
    let edges = index.candidates(min_score)?;
    Ok((lg, rg, edges))
}

/// The unit pairs behind group pairs: every copy of the left name with every copy of the right.
fn expand(edges: &[Edge], lg: &Groups<'_>, rg: &Groups<'_>) -> Result<Vec<Edge>> {
    let total: usize = edges.iter().map(|e| lg.units(e.left).len() * rg.units(e.right).len()).sum();
    if total > MAX_EDGES {
        return Err(Error::value(format!(
            "pair_names: copies of identical names make {total} candidate pairs, more than {MAX_EDGES}: pair the \
             distinct names, then join back"
        )));
    }
    let mut out = Vec::with_capacity(total);
    for e in edges {
        for &a in lg.units(e.left) {
            for &b in rg.units(e.right) {
                out.push(Edge { left: a, right: b, score: e.score });
            }
        }
    }
    out.sort_unstable_by_key(|e| (e.left, e.right));
    Ok(out)
}

/// Normalise both lists, find every pair scoring at least `min_score`, and choose the
/// one-to-one pairing maximising the sum of squared scores (see [`assign_edges`]). Pairs
/// sorted by left index.
///
/// Identical normalised names are indexed once. A group pair that is a connected component
/// on its own (`k` copies of one name whose only candidates are `m` copies of one other name)
/// is solved directly, pairing copies in index order (every maximal pairing is optimal there);
/// other components are expanded to all their unit pairs and solved exactly by `matcher`.
pub fn pair_names(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    opts: &PairOptions,
    matcher: Matcher<'_>,
) -> Result<Vec<Edge>> {
    if !(0.0..=100.0).contains(&opts.min_score) {
        return Err(Error::value(format!("min_score: expected a number from 0 to 100, got {}", opts.min_score)));
    }
    if left.len() >= u32::MAX as usize || right.len() >= u32::MAX as usize {
        return Err(Error::value("pair_names: at most 4294967294 names a side"));
    }
    let (l, r) = rayon::join(|| normalize_all(norm, left), || normalize_all(norm, right));
    let (lg, rg, edges) = group_edges(&l, &r, opts.min_score)?;
    // group pairs alone in their component: left groups and right groups of degree one
    let mut deg_l = vec![0u32; lg.names.len()];
    let mut deg_r = vec![0u32; rg.names.len()];
    for e in &edges {
        deg_l[e.left as usize] += 1;
        deg_r[e.right as usize] += 1;
    }
    let (alone, shared): (Vec<Edge>, Vec<Edge>) =
        edges.into_iter().partition(|e| deg_l[e.left as usize] == 1 && deg_r[e.right as usize] == 1);
    let mut out = Vec::new();
    for e in &alone {
        for (&a, &b) in lg.units(e.left).iter().zip(rg.units(e.right)) {
            out.push(Edge { left: a, right: b, score: e.score });
        }
    }
    let units = expand(&shared, &lg, &rg)?;
    out.extend(assign_edges(&units, left.len(), right.len(), matcher)?);
    out.sort_unstable_by_key(|e| e.left);
    Ok(out)
}

/// The scored candidate pairs only (no assignment): every pair scoring at least `min_score`,
/// sorted by left then right.
pub fn name_edges(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    min_score: f64,
) -> Result<Vec<Edge>> {
    let (l, r) = rayon::join(|| normalize_all(norm, left), || normalize_all(norm, right));
    let (lg, rg, edges) = group_edges(&l, &r, min_score)?;
    expand(&edges, &lg, &rg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        Normalizer::builtin().unwrap().normalize(s)
    }

    #[test]
    fn builtin_affixes_parse() {
        let a = Affixes::builtin().unwrap();
        assert!(a.prefix.len() > 5 && a.suffix.len() > 20);
    }

    #[test]
    fn examples_of_the_issue() {
        assert_eq!(n("LB Bexley"), "bexley");
        assert_eq!(n("London Borough of Bexley"), "bexley");
        assert_eq!(n("Bexley PCT"), "bexley");
        assert_eq!(n("Brighton & Hove City PCT"), n("Brighton and Hove City Council"));
        assert_eq!(n("Brighton & Hove City PCT"), "brighton and hove");
        assert_eq!(n("Torbay Care Trust"), n("Torbay Council"));
        assert_eq!(n("St. Helens MBC"), "saint helens");
        assert_eq!(n("City of Bradford Metropolitan District Council"), "bradford");
        assert_eq!(n("Bradford and Airedale Teaching PCT"), "bradford and airedale");
        assert_eq!(n("King's Lynn"), "kings lynn");
        assert_eq!(n("Stockton-on-Tees Teaching PCT"), "stockton on tees");
        assert_eq!(n("County Durham PCT"), n("Durham County Council"));
        assert_eq!(n("Royal Borough of Kingston upon Thames"), "kingston upon thames");
        assert_eq!(n("NHS Bristol"), "bristol");
        assert_eq!(n("Council"), "council");
        assert_eq!(n("  ÉALING  Ｃｏｕｎｃｉｌ "), "éaling");
        assert_eq!(n("Straße"), "strasse");
        assert_eq!(n(""), "");
    }

    #[test]
    fn idempotent() {
        for s in ["NHS Council", "City of", "the the", "St St", "Ｓｔ. Ａｌｂａｎｓ", "ﬁeld ﬂat", "Ǆ", "İstanbul"]
        {
            let once = n(s);
            assert_eq!(n(&once), once, "{s}");
        }
    }

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

    fn brute(n_rows: usize, n_cols: usize, edges: &[(u32, u32, f64)]) -> Result<Vec<(u32, u32)>> {
        // exhaustive search, tests only (tiny graphs)
        fn go(
            r: usize,
            n_rows: usize,
            used: &mut Vec<bool>,
            w: &HashMap<(u32, u32), f64>,
            n_cols: usize,
        ) -> (f64, Vec<(u32, u32)>) {
            if r == n_rows {
                return (0.0, vec![]);
            }
            let mut best = go(r + 1, n_rows, used, w, n_cols);
            for c in 0..n_cols {
                if let Some(&x) = w.get(&(r as u32, c as u32)) {
                    if !used[c] {
                        used[c] = true;
                        let (s, mut m) = go(r + 1, n_rows, used, w, n_cols);
                        used[c] = false;
                        if s + x > best.0 + 1e-12 {
                            m.push((r as u32, c as u32));
                            best = (s + x, m);
                        }
                    }
                }
            }
            best
        }
        let w: HashMap<(u32, u32), f64> = edges.iter().map(|&(r, c, s)| ((r, c), s)).collect();
        Ok(go(0, n_rows, &mut vec![false; n_cols], &w, n_cols).1)
    }

    #[test]
    fn pairs_hull_and_kingston_optimally() {
        let left = [Some("Hull Teaching PCT"), Some("Kingston PCT"), Some("Bexley Care Trust"), None];
        let right =
            [Some("Royal Borough of Kingston upon Thames"), Some("LB Bexley"), Some("Kingston upon Hull City Council")];
        let norm = Normalizer::builtin().unwrap();
        let pairs = pair_names(&left, &right, &norm, &PairOptions { min_score: 30.0 }, &brute).unwrap();
        let got: Vec<(u32, u32)> = pairs.iter().map(|e| (e.left, e.right)).collect();
        assert_eq!(got, vec![(0, 2), (1, 0), (2, 1)]);
        assert_eq!(pairs[2].score, 100.0);
    }

    #[test]
    fn word_order_and_typos() {
        let left = [Some("North Ashworth PCT"), Some("Leeds PCT")];
        let right = [Some("Leeda City Council"), Some("Ashworth North Council")];
        let norm = Normalizer::builtin().unwrap();
        let e = name_edges(&left, &right, &norm, 1.0).unwrap();
        assert!(e.iter().any(|e| (e.left, e.right) == (0, 1) && (e.score - 100.0).abs() < 1e-9));
        let s = e.iter().find(|e| (e.left, e.right) == (1, 0)).unwrap().score;
        assert!((s - 80.0).abs() < 1e-9, "{s}");
    }

    #[test]
    fn components_give_the_whole_graph_optimum() {
        use crate::pairing::assign::max_weight_matching;
        // a small deterministic generator: several components, ties, isolated units
        let mut x: u64 = 7;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200 {
            let (nl, nr) = (1 + (next() % 8) as usize, 1 + (next() % 8) as usize);
            let mut edges = Vec::new();
            for l in 0..nl as u32 {
                for r in 0..nr as u32 {
                    if next() % 4 == 0 {
                        edges.push(Edge { left: l, right: r, score: (1 + next() % 10) as f64 * 10.0 });
                    }
                }
            }
            let got = assign_edges(&edges, nl, nr, &max_weight_matching).unwrap();
            let sq: Vec<(u32, u32, f64)> = edges.iter().map(|e| (e.left, e.right, e.score * e.score)).collect();
            let want = brute(nl, nr, &sq).unwrap();
            let total = |pairs: &[(u32, u32)]| -> f64 {
                pairs.iter().map(|&(l, r)| sq.iter().find(|e| e.0 == l && e.1 == r).unwrap().2).sum()
            };
            let got_pairs: Vec<(u32, u32)> = got.iter().map(|e| (e.left, e.right)).collect();
            assert!((total(&got_pairs) - total(&want)).abs() < 1e-6, "{edges:?}");
            assert!(got.windows(2).all(|w| w[0].left < w[1].left));
            for e in &got {
                assert!(edges.contains(e));
            }
        }
    }

    #[test]
    fn many_copies_of_one_name_are_refused_not_exploded() {
        let left: Vec<Option<String>> = (0..100).map(|_| Some("leeds".to_string())).collect();
        let index = NameIndex::new(&left, &left);
        assert_eq!(index.candidates_within(40.0, 20_000).unwrap().len(), 10_000); // each pair probed from both sides
        let err = index.candidates_within(40.0, 19_999).unwrap_err().to_string();
        assert!(err.contains("20000 candidate pairs share a word"), "{err}");
    }
}
