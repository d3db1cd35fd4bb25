//! Acronyms and initialisms: a short name written as the initials of a full name's words
//! ("UHNM" for University Hospitals of North Midlands NHS Trust, "SLaM" for South London and
//! Maudsley NHS Foundation Trust, "RUH Bath" for Royal United Hospitals Bath).
//!
//! # Which tokens are acronyms
//! A token of the name as written (letters only, split at anything else) is an acronym when it
//! has 2 to 10 ASCII letters and either
//! - mixed case with at least two capitals, the first letter a capital ("SLaM", "UoB"): the
//!   lower-case letters stand for linking words ("and", "of") and are *optional*; or
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

use rustc_hash::FxHashMap;

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
        let mixed = !all_upper && upper >= 2 && t.as_bytes()[0].is_ascii_uppercase();
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
}
