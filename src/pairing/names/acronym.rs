//! Acronyms and initialisms: a short name written as the initials of a full name's words
//! ("UHNM" for University Hospitals of North Midlands NHS Trust, "SLaM" for South London and
//! Maudsley NHS Foundation Trust, "RUH Bath" for Royal United Hospitals Bath).
//!
//! # Which tokens are acronyms
//! A token of the name as written (letters only, split at anything else) is an acronym when it
//! has 2 to 10 ASCII letters and either
//! - mixed case with at least two capitals, the first letter a capital, and no two lower-case
//!   letters side by side ("SLaM", "UoB"; not "McDonald", "MacKenzie"): the lower-case letters
//!   stand for linking words ("and", "of") and are *optional*; or
//! - all capitals, and the name is that token alone ("UHNM") or has lower-case letters elsewhere
//!   ("RUH Bath", "MFT Medway"). A name written all in capitals ("DARTFORD AND GRAVESHAM NHS
//!   TRUST") has no acronym: its capitals say nothing.
//!
//! # When an acronym matches a name
//! The acronym's letters, in order, are the initials of a contiguous run of the full name's
//! words (the name folded and split as the normaliser does, *before* sector affixes are
//! removed). Inside the run, a *linking* word ([`is_linking`]: and, of, the, for, nhs, ...) may
//! be skipped or may give its initial; every other word must give its initial; an optional
//! letter of the acronym matches only a linking word, or nothing. So "EKHUFT" matches East Kent
//! Hospitals University NHS Foundation Trust (NHS skipped), and "EKHUNFT" matches it too. The
//! run is the longest such run that starts earliest (a fixed rule, never the order of
//! candidates). Words outside the run stay unmatched and count against the score as usual.
//!
//! # Candidates
//! [`InitialsIndex`] keys every name by the initials of each word and of each later word reached
//! across linking words only; an acronym probes the key of its first two required letters, so
//! finding its candidates costs one posting list, not a pass over all names.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Edge, Groups, Limits, NameIndex, Normalizer};
use crate::cancel::Cancel;
use crate::{Error, Result};

/// Words that may be skipped inside an acronym's run, or give their initial.
const LINKING: &[&str] = &["and", "of", "the", "for", "in", "at", "on", "nhs", "with", "to"];

/// The longest acronym considered, in letters.
pub const MAX_ACRONYM: usize = 10;

/// Whether `word` (folded) is a linking word of [`LINKING`].
pub fn is_linking(word: &str) -> bool {
    LINKING.contains(&word)
}

/// An acronym: its letters (ASCII lower case) and which of them are optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acronym {
    /// The letters, lower case.
    pub letters: Vec<u8>,
    /// Per letter: written in lower case inside a mixed-case acronym (a linking word's initial).
    pub optional: Vec<bool>,
}

impl Acronym {
    /// The acronym as lower-case text ("slam").
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.letters).into_owned()
    }

    fn required_pair(&self) -> Option<[u8; 2]> {
        let mut it = self.letters.iter().zip(&self.optional).filter(|(_, &o)| !o).map(|(&c, _)| c);
        Some([it.next()?, it.next()?])
    }
}

/// The tokens of `name` as written: runs of letters (any script), in order.
fn tokens(name: &str) -> Vec<&str> {
    name.split(|c: char| !c.is_alphabetic()).filter(|t| !t.is_empty()).collect()
}

/// The acronyms of a name as written, with the index of each among the name's tokens.
pub fn acronyms_in(name: &str) -> Vec<(usize, Acronym)> {
    let toks = tokens(name);
    let has_lower = name.chars().any(char::is_lowercase);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.len() < 2 || t.len() > MAX_ACRONYM || !t.is_ascii() {
            continue;
        }
        let upper = t.bytes().filter(u8::is_ascii_uppercase).count();
        let all_upper = upper == t.len();
        let lower_pair = t.as_bytes().windows(2).any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_lowercase());
        let mixed = !all_upper && upper >= 2 && t.as_bytes()[0].is_ascii_uppercase() && !lower_pair;
        let alone = toks.len() == 1;
        if !(mixed || (all_upper && (alone || has_lower))) {
            continue;
        }
        let letters = t.bytes().map(|b| b.to_ascii_lowercase()).collect();
        let optional = t.bytes().map(|b| mixed && b.is_ascii_lowercase()).collect();
        out.push((i, Acronym { letters, optional }));
    }
    out
}

/// Where an acronym matches a name: the run of words `start..end` and, within it, the words
/// that gave a letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// First word of the run.
    pub start: usize,
    /// One past the last word of the run.
    pub end: usize,
    /// The words of the run that gave an initial (the others are skipped linking words).
    pub used: Vec<usize>,
}

/// Whether the letters `acr[a..]` match the words `words[w..end)` exactly to `end` (every word
/// used or a skipped linking word, every required letter used); fills `used` on success.
fn matches_from(acr: &Acronym, words: &[&str], a: usize, w: usize, end: usize, used: &mut Vec<usize>) -> bool {
    if w == end {
        // every remaining letter must be optional (skipped)
        return acr.optional[a..].iter().all(|&o| o);
    }
    let word = words[w];
    let linking = is_linking(word);
    let initial = word.as_bytes().first().copied();
    // the word gives the next letter
    if a < acr.letters.len() && Some(acr.letters[a]) == initial && (!acr.optional[a] || linking) {
        used.push(w);
        if matches_from(acr, words, a + 1, w + 1, end, used) {
            return true;
        }
        used.pop();
    }
    // an optional letter stands for nothing here
    if a < acr.letters.len() && acr.optional[a] && matches_from(acr, words, a + 1, w, end, used) {
        return true;
    }
    // a linking word is skipped
    linking && matches_from(acr, words, a, w + 1, end, used)
}

/// The run of `words` (folded, affixes kept) that `acr` spells, or None. Among runs, the
/// earliest start wins, then the longest (so trailing linking words the acronym spells, such as
/// the N of "EKHUNFT", are kept).
pub fn align(acr: &Acronym, words: &[&str]) -> Option<Run> {
    if acr.letters.is_empty() || words.len() > 4 * MAX_ACRONYM * 8 {
        return None;
    }
    for start in 0..words.len() {
        if is_linking(words[start]) && words[start].as_bytes().first() != acr.letters.first() {
            continue; // a run does not start with a skipped word
        }
        let longest = (start + 1..=words.len().min(start + 2 * MAX_ACRONYM)).rev();
        for end in longest {
            let mut used = Vec::with_capacity(acr.letters.len());
            if matches_from(acr, words, 0, start, end, &mut used) && !used.is_empty() {
                // a run ends on a word that gave a letter (not on a skipped linking word)
                if used.last() == Some(&(end - 1)) {
                    return Some(Run { start, end, used });
                }
            }
        }
    }
    None
}

/// Names keyed by pairs of initials, to find an acronym's candidates without a full pass.
#[derive(Debug, Default)]
pub struct InitialsIndex {
    postings: FxHashMap<[u8; 2], Vec<u32>>,
}

impl InitialsIndex {
    /// An index of names given as their folded words (affixes kept).
    pub fn new<S: AsRef<str>>(names: &[Vec<S>]) -> Self {
        let mut postings: FxHashMap<[u8; 2], Vec<u32>> = FxHashMap::default();
        for (id, words) in names.iter().enumerate() {
            let initials: Vec<(u8, bool)> = words
                .iter()
                .filter_map(|w| w.as_ref().as_bytes().first().map(|&b| (b, is_linking(w.as_ref()))))
                .collect();
            let mut keys: Vec<[u8; 2]> = Vec::new();
            for i in 0..initials.len() {
                // every later word reached across linking words only (those may be skipped)
                for &(b, linking) in &initials[i + 1..] {
                    keys.push([initials[i].0, b]);
                    if !linking {
                        break;
                    }
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                postings.entry(k).or_default().push(id as u32);
            }
        }
        InitialsIndex { postings }
    }

    /// The names that may hold `acr` (a superset; [`align`] decides), ascending.
    pub fn candidates(&self, acr: &Acronym) -> &[u32] {
        acr.required_pair().and_then(|k| self.postings.get(&k)).map_or(&[], Vec::as_slice)
    }
}

/// The share of its weight an acronym's match counts, as a fraction `NUM / DEN` (9/10): the
/// acronym and the words of its run count `9/10` of their weights as matched, so an acronym
/// match scores below the same words written in full.
const NUM: u128 = 9;
const DEN: u128 = 10;

/// One side of a pairing as acronym matching needs it: the names as written, normalised, and
/// their groups of identical normalised names (the index's names).
pub(super) struct Side<'s, 'a> {
    pub names: &'s [Option<&'s str>],
    pub norm: &'s [Option<String>],
    pub groups: &'s Groups<'a>,
}

impl Side<'_, '_> {
    /// The group of each unit (`u32::MAX`: missing).
    pub(super) fn group_of(&self) -> Vec<u32> {
        let mut out = vec![u32::MAX; self.names.len()];
        for g in 0..self.groups.names.len() {
            for &u in self.groups.units(g as u32) {
                out[u as usize] = g as u32;
            }
        }
        out
    }
}

/// A pair of units matched through an acronym: its score (at least the plain score) and, when
/// asked, the words matched and left over.
pub(super) struct AcronymEdge {
    /// Left unit and group.
    pub left: (u32, u32),
    /// Right unit and group.
    pub right: (u32, u32),
    /// The similarity, 0-100.
    pub score: f64,
    /// With explain: the words matched (`acronym:gosh` first) and those left over.
    pub why: Option<(String, String)>,
}

impl AcronymEdge {
    /// The unit pair as an [`Edge`].
    pub fn edge(&self) -> Edge {
        Edge { left: self.left.0, right: self.right.0, score: self.score, ordered: false }
    }
}

/// The score of left group `l` and right group `r` of `index` when the word at `acr` of the
/// short name (left when `short_left`) stands for the words `run` of the other (positions among
/// the normalised words): those count `9/10` of their weights as matched, the other words are
/// matched as usual, all in the index's fixed point. With `pairs`, the other words matched as
/// `(left position, right position)`.
fn score(
    index: &NameIndex,
    l: usize,
    r: usize,
    short_left: bool,
    acr: usize,
    run: Range<usize>,
    pairs: &mut Vec<(u32, u32)>,
) -> f64 {
    let (a, b) = (index.words_of(l), index.words_of(index.n_left() + r));
    let total = index.weight_of(a) + index.weight_of(b);
    let (s, o) = if short_left { (a, b) } else { (b, a) };
    let covered = NUM * (index.weight_of(&s[acr..=acr]) + index.weight_of(&o[run.clone()])) / DEN;
    let rest = |ws: &[u32], out: Range<usize>| -> (Vec<u32>, Vec<u32>) {
        (0..ws.len()).filter(|i| !out.contains(i)).map(|i| (ws[i], i as u32)).unzip()
    };
    let (sw, sp) = rest(s, acr..acr + 1);
    let (ow, op) = rest(o, run);
    let ((aw, ap), (bw, bp)) = if short_left { ((sw, sp), (ow, op)) } else { ((ow, op), (sw, sp)) };
    pairs.clear();
    let (matched, _) = index.match_value(&aw, &bw, &mut Vec::new(), Some(pairs));
    for p in pairs.iter_mut() {
        *p = (ap[p.0 as usize], bp[p.1 as usize]);
    }
    NameIndex::ratio(covered + matched, total)
}

/// The explanation of an acronym match: `acronym:<letters>` and the other words matched
/// (`word`, or `word~other`), then the words of both names neither matched nor covered.
fn explain(
    a: &str,
    b: &str,
    short_left: bool,
    acr: usize,
    run: Range<usize>,
    pairs: &[(u32, u32)],
) -> (String, String) {
    let short = if short_left { a } else { b };
    let letters = short.split(' ').filter(|w| !w.is_empty()).nth(acr).unwrap_or("");
    let label = Some(format!("acronym:{letters}"));
    let (acr, run): (Vec<usize>, Vec<usize>) = (vec![acr], run.collect());
    if short_left {
        super::candidates::explain_covered(a, b, pairs, label, &acr, &run)
    } else {
        super::candidates::explain_covered(a, b, pairs, label, &run, &acr)
    }
}

/// Every pair of units where a name written with an acronym (either side) aligns with the other
/// name's words and scores at least `min_score` (and above 0) by [`score`]; the best alignment
/// per pair. The acronym must be a word of its name once normalised (an abbreviation written
/// out counts: "ST" is the word `saint` there; an acronym removed as an
/// affix, "NHS", "PCT", counts for nothing), and its run must cover at least one word left
/// once the full name's affixes are removed. Candidates come from an [`InitialsIndex`] of the
/// full names, built only when the other side holds an acronym; the posting entries visited
/// count against `limits`. Sorted by left then right unit.
#[allow(clippy::too_many_arguments)]
pub(super) fn edges(
    left: &Side<'_, '_>,
    right: &Side<'_, '_>,
    index: &NameIndex,
    norm: &Normalizer,
    min_score: f64,
    explain_: bool,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<AcronymEdge>> {
    let mut out = direction(left, right, true, index, norm, min_score, explain_, limits, cancel)?;
    out.extend(direction(right, left, false, index, norm, min_score, explain_, limits, cancel)?);
    out.sort_unstable_by(|p, q| (p.left.0, p.right.0).cmp(&(q.left.0, q.right.0)).then(q.score.total_cmp(&p.score)));
    out.dedup_by(|later, first| (later.left.0, later.right.0) == (first.left.0, first.right.0));
    Ok(out)
}

/// The acronyms of the `short` side against the names of the `full` side.
#[allow(clippy::too_many_arguments)]
fn direction(
    short: &Side<'_, '_>,
    full: &Side<'_, '_>,
    short_left: bool,
    index: &NameIndex,
    norm: &Normalizer,
    min_score: f64,
    explain_: bool,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<AcronymEdge>> {
    // the acronyms of each short name that are words of its normalised name: (unit, position)
    let found: Vec<(u32, usize, Acronym)> = (0..short.names.len())
        .into_par_iter()
        .with_min_len(256)
        .flat_map_iter(|u| {
            let mut out = Vec::new();
            if let (Some(s), Some(n)) = (short.names[u], short.norm[u].as_deref()) {
                for (_, acr) in acronyms_in(s) {
                    let text = super::normalize::expand(acr.text()); // "ST" is the word saint
                    if let Some(p) = n.split(' ').position(|w| w == text) {
                        out.push((u as u32, p, acr));
                    }
                }
            }
            out
        })
        .collect();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    cancel.check()?;
    // the full names' words before affixes, and the range of them their normalised name keeps
    let words: Vec<(Vec<String>, usize, usize)> = (0..full.names.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|v| match (full.names[v], full.norm[v].as_deref()) {
            (Some(s), Some(n)) => {
                let (w, a, b) = norm.full_words(s);
                if w[a..b].join(" ") == n {
                    (w, a, b)
                } else {
                    (Vec::new(), 0, 0) // exotic text whose normalisation took more rounds
                }
            }
            _ => (Vec::new(), 0, 0),
        })
        .collect();
    let (lists, kept): (Vec<Vec<String>>, Vec<(usize, usize)>) = words.into_iter().map(|(w, a, b)| (w, (a, b))).unzip();
    let initials = InitialsIndex::new(&lists);
    let n_probes: usize = found.iter().map(|f| initials.candidates(&f.2).len()).sum();
    if let Err(total) = limits.probes(n_probes) {
        return Err(Error::value(format!(
            "pair_names: {total} candidate pairs (acronyms with the names whose initials they may spell among \
             them), more than {}: raise min_score, or give left_block/right_block",
            limits.max_probes
        )));
    }
    cancel.check()?;
    let (sg, fg) = (short.group_of(), full.group_of());
    let out = found
        .par_iter()
        .with_min_len(16)
        .flat_map_iter(|(u, p, acr)| {
            let mut out: Vec<AcronymEdge> = Vec::new();
            if cancel.requested() {
                return out; // the error is raised below
            }
            let mut pairs = Vec::new();
            for &v in initials.candidates(acr) {
                let (w, (a, b)) = (&lists[v as usize], &kept[v as usize]);
                let refs: Vec<&str> = w.iter().map(String::as_str).collect();
                let Some(run) = align(acr, &refs) else { continue };
                let (start, end) = (run.start.max(*a), run.end.min(*b));
                if start >= end {
                    continue; // the run is all affixes
                }
                let run = start - a..end - a;
                let (gs, gf) = (sg[*u as usize] as usize, fg[v as usize] as usize);
                let (l, r) = if short_left { (gs, gf) } else { (gf, gs) };
                let s = score(index, l, r, short_left, *p, run.clone(), &mut pairs);
                if !(s > 0.0 && s >= min_score) {
                    continue;
                }
                let why = explain_.then(|| {
                    let (na, nb) = if short_left {
                        (short.groups.names[gs], full.groups.names[gf])
                    } else {
                        (full.groups.names[gf], short.groups.names[gs])
                    };
                    explain(na.unwrap_or(""), nb.unwrap_or(""), short_left, *p, run, &pairs)
                });
                let (su, fu) = ((*u, gs as u32), (v, gf as u32));
                let (left, right) = if short_left { (su, fu) } else { (fu, su) };
                out.push(AcronymEdge { left, right, score: s, why });
            }
            out
        })
        .collect();
    cancel.check()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acr(s: &str) -> Acronym {
        let found = acronyms_in(s);
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        found.into_iter().next().unwrap().1
    }

    fn words(s: &str) -> Vec<String> {
        s.to_lowercase()
            .replace('\'', "")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    }

    fn run(a: &str, full: &str) -> Option<Run> {
        let w = words(full);
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        align(&acr(a), &refs)
    }

    #[test]
    fn which_tokens_are_acronyms() {
        assert_eq!(acr("SLaM").optional, vec![false, false, true, false]);
        assert_eq!(acronyms_in("RUH Bath")[0].0, 0);
        assert_eq!(acronyms_in("MFT Medway")[0].1.text(), "mft");
        assert!(acronyms_in("DARTFORD AND GRAVESHAM NHS TRUST").is_empty());
        assert!(acronyms_in("Royal Surrey").is_empty());
        assert!(acronyms_in("X").is_empty());
        assert!(acronyms_in("McDonald House").is_empty());
        assert!(acronyms_in("MacKenzie Hospital").is_empty());
        assert_eq!(acronyms_in("UoB")[0].1.text(), "uob");
        assert_eq!(acronyms_in("EKHUFT")[0].1.text(), "ekhuft");
    }

    #[test]
    fn the_issues_examples_match_their_full_names() {
        let cases = [
            ("UHNM", "University Hospitals of North Midlands NHS Trust", 0, 5),
            ("GOSH", "Great Ormond Street Hospital for Children NHS Foundation Trust", 0, 4),
            ("EKHUFT", "East Kent Hospitals University NHS Foundation Trust", 0, 7),
            ("EKHUNFT", "East Kent Hospitals University NHS Foundation Trust", 0, 7),
            ("WMAS", "West Midlands Ambulance Service University NHS Foundation Trust", 0, 4),
            ("KCH", "King's College Hospital NHS Foundation Trust", 0, 3),
            ("SLaM", "South London and Maudsley NHS Foundation Trust", 0, 4),
            ("ULHT", "United Lincolnshire Hospitals NHS Trust", 0, 5),
            ("RUH Bath", "Royal United Hospitals Bath NHS Foundation Trust", 0, 3),
            ("MFT Medway", "Medway NHS Foundation Trust", 0, 4),
        ];
        for (short, full, start, end) in cases {
            let r = run(short, full).unwrap_or_else(|| panic!("{short} !~ {full}"));
            assert_eq!((r.start, r.end), (start, end), "{short} ~ {full}: {r:?}");
        }
    }

    #[test]
    fn near_misses_do_not_match() {
        assert_eq!(run("UHNM", "University Hospitals of Leicester NHS Trust"), None);
        assert_eq!(run("KCH", "Kingston Hospital NHS Foundation Trust"), None); // no C
        assert_eq!(run("GOSH", "Great Western Hospitals NHS Foundation Trust"), None);
        // a content word inside the run cannot be skipped
        assert_eq!(run("ULT", "United Lincolnshire Hospitals NHS Trust"), None);
        // an optional letter matches a linking word only
        assert_eq!(run("SLaM", "South London Acute Maudsley"), None);
    }

    #[test]
    fn the_index_finds_every_aligned_name() {
        let names: Vec<Vec<String>> = [
            "University Hospitals of North Midlands NHS Trust",
            "South London and Maudsley NHS Foundation Trust",
            "Medway NHS Foundation Trust",
            "Kingston Hospital NHS Foundation Trust",
        ]
        .iter()
        .map(|s| words(s))
        .collect();
        let index = InitialsIndex::new(&names);
        for (short, want) in [("UHNM", 0u32), ("SLaM", 1), ("MFT Medway", 2)] {
            let a = acronyms_in(short).remove(0).1;
            assert!(index.candidates(&a).contains(&want), "{short}");
        }
        // brute force: every name an acronym aligns with is among its candidates
        for short in ["UHNM", "SLaM", "MFT", "KH", "NFT", "SLM"] {
            let a = Acronym { letters: short.to_lowercase().into_bytes(), optional: vec![false; short.len()] };
            for (id, w) in names.iter().enumerate() {
                let refs: Vec<&str> = w.iter().map(String::as_str).collect();
                if align(&a, &refs).is_some() {
                    assert!(index.candidates(&a).contains(&(id as u32)), "{short} {id}");
                }
            }
        }
    }

    #[test]
    fn pair_names_pairs_acronyms_below_exact_matches() {
        use crate::pairing::names::{name_edges, pair_names, Normalizer, PairOptions};
        let norm = Normalizer::builtin().unwrap();
        let left = [Some("UHNM"), Some("GOSH"), Some("RUH Bath"), Some("SLaM"), Some("Medway NHS FT")];
        let right = [
            Some("MEDWAY NHS FOUNDATION TRUST"),
            Some("SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST"),
            Some("ROYAL UNITED HOSPITALS BATH NHS FOUNDATION TRUST"),
            Some("GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST"),
            Some("UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST"),
            Some("UNIVERSITY HOSPITALS OF LEICESTER NHS TRUST"),
        ];
        let pairs = pair_names(
            &left,
            &right,
            &norm,
            &PairOptions { min_score: 35.0 },
            &crate::pairing::assign::max_weight_matching_duals_within,
            Cancel::never(),
        )
        .unwrap();
        let got: Vec<(u32, u32)> = pairs.iter().map(|e| (e.left, e.right)).collect();
        assert_eq!(got, vec![(0, 4), (1, 3), (2, 2), (3, 1), (4, 0)]);
        // every words of the short name and its run matched: 9/10 exactly
        assert!((pairs[0].score - 90.0).abs() < 1e-9, "{pairs:?}");
        assert!(pairs[1].score < 90.0 && pairs[1].score > 35.0); // "for children" left over
        assert_eq!(pairs[4].score, 100.0);
        // the right side's acronyms too, and no acronym match where the letters differ
        let e = name_edges(&right, &left, &norm, 1.0, Cancel::never()).unwrap();
        assert!(e.iter().any(|e| (e.left, e.right) == (3, 1)));
        assert!(!e.iter().any(|e| (e.left, e.right) == (5, 0)));
    }
}
