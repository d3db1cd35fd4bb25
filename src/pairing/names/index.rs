//! Word weights, the similarity of two names and the candidate pairs found through an inverted
//! index of words (see the [`names`](super) module docs).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::{Error, Result};

/// A scored pair of names: positions in the left and right lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// Position in the left list.
    pub left: u32,
    /// Position in the right list.
    pub right: u32,
    /// Similarity, 0-100.
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
        let index = NameIndex::new(&left, &left);
        assert_eq!(index.candidates_within(40.0, 20_000).unwrap().len(), 10_000); // each pair probed from both sides
        let err = index.candidates_within(40.0, 19_999).unwrap_err().to_string();
        assert!(err.contains("20000 candidate pairs share a word"), "{err}");
    }
}
