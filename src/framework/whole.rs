//! Integers of a framework document and scores given one by one: what counts as a whole
//! number, and the one message for a score that is not an integer within the scale.
//!
//! JSON Schema counts `1.0` as an integer, so a document's integers may be written as whole
//! floats (`"min": 1.0`): they are read as the integer they equal, and written back as one.

use serde::de::{self, Deserializer, Visitor};

use crate::column::Raw;
use crate::error::Error;

/// A value as messages write it, unrounded: integers in full, floats as Python's `repr`
/// writes them (the shortest text that reads back as the same float: `3.0000000001`,
/// `2.5`, `1e+16`), NaN as `NaN`.
pub fn value_text(raw: Raw) -> String {
    match raw {
        Raw::Int(v) => v.to_string(),
        Raw::Float(v) if v.is_nan() => "NaN".to_string(),
        Raw::Float(v) => {
            // Rust's Debug form is the shortest round trip and switches to an exponent where
            // Python's repr does (below 1e-4, from 1e16); Python signs and pads the exponent.
            let text = format!("{v:?}");
            match text.split_once('e') {
                Some((mantissa, exp)) => {
                    let (sign, digits) = exp.strip_prefix('-').map_or(("+", exp), |d| ("-", d));
                    format!("{mantissa}e{sign}{digits:0>2}")
                }
                None => text,
            }
        }
    }
}

/// The one message for a value that is not an integer within the scale `lo..=hi`:
/// `"{at}: {value} is not an integer from {lo} to {hi}"` (a score error). `at` says where
/// (`"data: column \"x\", row 3"`), `value` is the value as the caller wrote it
/// ([`value_text`] for numbers, the caller's own rendering for anything else).
pub fn not_a_score(at: &str, value: &str, (lo, hi): (i64, i64)) -> Error {
    Error::score(format!("{at}: {value} is not an integer from {lo} to {hi}"))
}

/// One score as a caller gave it (to [`super::Framework::overall_of_given`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// A number: an integer or a float.
    Number(Raw),
    /// Anything that is not a number (a boolean, a string), as the caller writes it.
    Other(String),
}

impl Given {
    /// The score, when it is a whole number within `lo..=hi`.
    pub fn whole_within(&self, (lo, hi): (i64, i64)) -> Option<i64> {
        let v = match *self {
            Given::Number(Raw::Int(v)) => i64::try_from(v).ok()?,
            Given::Number(Raw::Float(f)) => whole_f64(f)?,
            Given::Other(_) => return None,
        };
        (lo..=hi).contains(&v).then_some(v)
    }

    /// The value as messages write it.
    pub fn text(&self) -> String {
        match self {
            Given::Number(raw) => value_text(*raw),
            Given::Other(text) => text.clone(),
        }
    }
}

/// `f` as an `i64` when it is a whole number within `i64`'s range.
fn whole_f64(f: f64) -> Option<i64> {
    // -2^63 is exactly representable; 2^63 and above do not fit
    (f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)).then_some(f as i64)
}

struct WholeVisitor;

impl Visitor<'_> for WholeVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an integer (a whole number that fits i64)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        whole_f64(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }
}

/// Read an integer written as an integer or as a whole float (`1.0`, `1e3`).
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(WholeVisitor)
}

/// [`int`] for an optional field (`null` or absent is `None`).
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct OptVisitor;
    impl<'de> Visitor<'de> for OptVisitor {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            int(d).map(Some)
        }
    }
    d.deserialize_option(OptVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_python_writes_them() {
        let cases = [
            (3.0000000001, "3.0000000001"),
            (2.5, "2.5"),
            (3.0, "3.0"),
            (1e16, "1e+16"),
            (1.5e300, "1.5e+300"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-2.5e-7, "-2.5e-07"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "NaN"),
        ];
        for (v, text) in cases {
            assert_eq!(value_text(Raw::Float(v)), text);
        }
        assert_eq!(value_text(Raw::Int(-(1 << 70))), "-1180591620717411303424");
    }

    #[test]
    fn given_scores_are_whole_numbers_in_range() {
        let scale = (1, 4);
        assert_eq!(Given::Number(Raw::Float(3.0)).whole_within(scale), Some(3));
        assert_eq!(Given::Number(Raw::Float(3.7)).whole_within(scale), None);
        assert_eq!(Given::Number(Raw::Float(f64::NAN)).whole_within(scale), None);
        assert_eq!(Given::Number(Raw::Int(1 << 70)).whole_within(scale), None);
        assert_eq!(Given::Number(Raw::Int(4)).whole_within(scale), Some(4));
        assert_eq!(Given::Other("True".into()).whole_within(scale), None);
        let e = not_a_score("x: row 2", &Given::Number(Raw::Float(3.0000000001)).text(), scale);
        assert_eq!(e.to_string(), "x: row 2: 3.0000000001 is not an integer from 1 to 4");
    }
}
