//! Name normalisation: Unicode folding, words, and the removal of sector affixes (see the
//! [`names`](super) module docs).

use rayon::prelude::*;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::{Error, Result};

/// The built-in affix list (JSON: `prefix` and `suffix` lists of words), kept with the crate.
pub const BUILTIN_AFFIXES: &str = include_str!("affixes.json");

/// A list of sector affixes: words removed from the start (`prefix`) or end (`suffix`) of names.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Affixes {
    /// What the list is for (documentation only).
    #[serde(default)]
    pub description: Option<String>,
    /// Affixes removed from the start of names.
    #[serde(default)]
    pub prefix: Vec<String>,
    /// Affixes removed from the end of names.
    #[serde(default)]
    pub suffix: Vec<String>,
}

impl Affixes {
    /// Parses an affix list; errors name the JSON path.
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

    /// The built-in list ([`BUILTIN_AFFIXES`]).
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
    /// A normaliser removing `affixes`; an affix with no letters or digits is an error.
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

    /// A normaliser with the built-in affixes.
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

    /// The words of `name` folded and split as [`normalize`](Self::normalize) does, before
    /// affixes are removed, and the range of them that removing affixes leaves.
    pub(super) fn full_words(&self, name: &str) -> (Vec<String>, usize, usize) {
        let w = words(&fold(name));
        let (a, b) = self.strip(&w);
        (w, a, b)
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
            // an ODS sub-ICB location code after ICB ("Kent and Medway ICB - 91Q")
            if b - a >= 3 && w[b - 2] == "icb" && is_ods_code(&w[b - 1]) {
                b -= 1;
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

/// An ODS code of a sub-ICB location as folded: three letters or digits with a digit first
/// ("91q", "70f", "00l", "15n").
fn is_ods_code(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b.iter().all(u8::is_ascii_alphanumeric)
}

/// Abbreviations written for whole words: `st` is `saint`, `univ` `university`, `hosp`
/// `hospital`, `hosps` `hospitals`.
pub(super) fn expand(w: String) -> String {
    match w.as_str() {
        "st" => "saint".to_string(),
        "univ" => "university".to_string(),
        "hosp" => "hospital".to_string(),
        "hosps" => "hospitals".to_string(),
        _ => w,
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}')
}

/// Words of folded text: `&` is the word `and`, apostrophes join, combining marks stay in
/// their word (case folding turns `İ` into `i` + U+0307), other non-alphanumerics separate;
/// abbreviations are expanded ([`expand`]).
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            let w = std::mem::take(cur);
            out.push(expand(w));
        }
    };
    for c in s.chars() {
        if c.is_alphanumeric() || (!cur.is_empty() && unicode_normalization::char::is_combining_mark(c)) {
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
    fn health_sector_affixes() {
        assert_eq!(n("Medway NHS FT"), "medway");
        assert_eq!(n("Medway NHSFT"), "medway");
        assert_eq!(n("Medway FT"), "medway");
        assert_eq!(n("Medway Foundation Trust"), "medway");
        assert_eq!(n("NHS Kent and Medway ICB - 91Q"), "kent and medway");
        assert_eq!(n("NHS Kent and Medway ICB - 91Q"), n("Kent and Medway ICB"));
        assert_eq!(n("ICB - 91Q"), "icb 91q");
        assert_eq!(n("Univ. Hosps of Leicester NHS Trust"), "university hospitals of leicester");
        assert_eq!(n("Kingston Hosp"), "kingston hospital");
        assert_eq!(n("Bexley LB"), "bexley");
    }

    #[test]
    fn idempotent() {
        for s in [
            "NHS Council",
            "City of",
            "the the",
            "St St",
            "X ICB 91Q ICB 70F",
            "ICB 91Q",
            "Univ",
            "Ｓｔ. Ａｌｂａｎｓ",
            "ﬁeld ﬂat",
            "Ǆ",
            "İstanbul",
        ] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s}");
        }
    }
}
