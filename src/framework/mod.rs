//! Assessment frameworks as data: themes (optionally in named groups), a scale, and an
//! optional first-match rule table for the overall score, read from JSON with serde and
//! validated with JSON paths in the errors.
//!
//! Integers of a document are bounded so that all arithmetic on them is exact in `i64` and
//! every output fits `i32`: scale values, overall values and their labels lie within
//! ±[`SCALE_LIMIT`] (2^24); the bounds of conditions within ±[`BOUND_LIMIT`] (2^30).

use serde::{Deserialize, Serialize};

use crate::column::Raw;
use crate::error::{Error, Result};

mod rules;
#[cfg(test)]
mod tests;
pub mod whole;

pub use rules::{CompiledCondition, CompiledRule, CompiledRules};
pub use whole::{not_a_score, value_text, Given};

/// A framework document, as written in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// A short name (a built-in's is its key).
    pub name: String,
    /// The full title.
    pub title: String,
    /// Where the rule comes from (a citation, with the date it was read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Named groups of themes (none when absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The themes, in order: the score columns.
    pub themes: Vec<Theme>,
    /// The scale of every theme score.
    pub scale: Scale,
    /// The rule table for the overall score, if the framework has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<RuleTable>,
}

/// A named group of themes (the CQC's "themes" of quality statements).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The key, named by themes and conditions.
    pub key: String,
    /// A human-readable label.
    pub label: String,
}

/// One theme of a framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The key: the default column name.
    pub key: String,
    /// A human-readable label.
    pub label: String,
    /// The key of the group the theme belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Which end of the scale is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `max` is the best score (the default).
    #[default]
    HigherIsBetter,
    /// `min` is the best score (e.g. segment 1 of 4 is best).
    LowerIsBetter,
}

impl Direction {
    fn is_default(&self) -> bool {
        *self == Direction::HigherIsBetter
    }

    /// The option's name as written in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }
}

/// The ordinal scale of theme scores: the integers `min` to `max`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The lowest score.
    #[serde(deserialize_with = "whole::int")]
    pub min: i64,
    /// The highest score.
    #[serde(deserialize_with = "whole::int")]
    pub max: i64,
    /// Which end is better (`higher_is_better` when absent).
    #[serde(default, skip_serializing_if = "Direction::is_default")]
    pub direction: Direction,
    /// One label for each value from `min` to `max`.
    pub labels: Vec<ScaleLabel>,
}

/// The label of one scale (or overall) value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLabel {
    /// The score.
    #[serde(deserialize_with = "whole::int")]
    pub value: i64,
    /// Its label.
    pub label: String,
}

/// How a percentage of the maximum is rounded before a `percent` condition compares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// To the nearest whole percentage, halves up (38.5 and 38.9 are 39; 38.4 is 38).
    HalfUp,
    /// Down to a whole percentage (38.9 is 38).
    Down,
    /// Not rounded: the exact percentage is compared with the bounds.
    None,
}

/// The overall score: the first rule whose conditions all hold gives it, else `default`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTable {
    /// The rules, in order.
    pub rules: Vec<Rule>,
    /// The overall score when no rule holds.
    #[serde(deserialize_with = "whole::int")]
    pub default: i64,
    /// How `percent` conditions round the percentage (required when a rule has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_rounding: Option<Rounding>,
    /// Labels of the overall values (each value a rule or the default gives needs one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<ScaleLabel>>,
}

/// One rule: when every condition holds, the overall score is `overall`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The overall score the rule gives.
    #[serde(deserialize_with = "whole::int")]
    pub overall: i64,
    /// The rule in words, as its source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// All must hold (an empty list always holds).
    pub when: Vec<Condition>,
}

/// An inclusive bound; at least one side is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The lowest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole::opt_int")]
    pub at_least: Option<i64>,
    /// The highest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole::opt_int")]
    pub at_most: Option<i64>,
}

impl Bound {
    /// Whether `v` is within the bound.
    #[inline]
    pub fn holds(&self, v: i64) -> bool {
        self.at_least.is_none_or(|lo| v >= lo) && self.at_most.is_none_or(|hi| v <= hi)
    }
}

/// One condition over all themes, or over the named subset `themes`, or over the themes of
/// `group`. With `missing="skip"`, a condition sees only the assessed themes of its subset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The number of themes whose score is within `score` is within the bound:
    /// `{"count": {"score": {"at_least": 4}, "at_least": 2}}` = "two or more themes score 4".
    Count(CountCondition),
    /// The lowest theme score is within the bound (`{"min": {"at_least": 3}}` = "none below 3").
    Min(AggregateCondition),
    /// The highest theme score is within the bound.
    Max(AggregateCondition),
    /// The sum of the theme scores is within the bound.
    Total(AggregateCondition),
    /// The percentage of the maximum, `100 * total / (assessed themes * scale.max)`, rounded
    /// by the table's `percent_rounding`, is within the bound (whole percentages).
    Percent(AggregateCondition),
}

/// "The number of themes scoring within `score` is within `at_least..=at_most`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountCondition {
    /// The themes counted (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<String>>,
    /// The group whose themes are counted (instead of `themes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The scores that count.
    pub score: Bound,
    /// The fewest themes that must score within `score`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole::opt_int")]
    pub at_least: Option<i64>,
    /// The most themes that may score within `score`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole::opt_int")]
    pub at_most: Option<i64>,
}

/// "The lowest / highest / total / percentage of `themes` is within `at_least..=at_most`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateCondition {
    /// The themes aggregated (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<String>>,
    /// The group whose themes are aggregated (instead of `themes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The lowest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole::opt_int")]
    pub at_least: Option<i64>,
    /// The highest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole::opt_int")]
    pub at_most: Option<i64>,
}

/// Scale values, overall values and their labels lie within ±`SCALE_LIMIT` (2^24), so the
/// total of up to `MAX_THEMES` themes and every overall score fit the `i32` output columns.
pub const SCALE_LIMIT: i64 = 1 << 24;
/// The bounds of conditions (`at_least`, `at_most`, also of `count.score`) lie within
/// ±`BOUND_LIMIT` (2^30), so `bound * themes * max` fits `i64`.
pub const BOUND_LIMIT: i64 = 1 << 30;
/// At most this many themes (totals are accumulated in i64; the rule compiler uses bitsets).
pub const MAX_THEMES: usize = 64;

/// `Err` unless `v` lies within `-limit..=limit` (no `abs()`, which wraps at `i64::MIN`).
fn check_int(path: impl Into<String>, v: i64, limit: i64) -> Result<()> {
    if (-limit..=limit).contains(&v) {
        Ok(())
    } else {
        Err(Error::framework(path, format!("{v} is outside the allowed range -{limit} to {limit}")))
    }
}

impl Framework {
    /// Parse and validate a JSON document (a leading byte-order mark is ignored).
    pub fn from_json(text: &str) -> Result<Framework> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let de = &mut serde_json::Deserializer::from_str(text);
        let fw: Framework = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "$".to_string() } else { format!("$.{path}") };
            Error::framework(path, e.inner().to_string())
        })?;
        fw.validate()?;
        Ok(fw)
    }

    /// Parse and validate a JSON document given as bytes, which must be UTF-8 (with or
    /// without a byte-order mark).
    pub fn from_bytes(bytes: &[u8]) -> Result<Framework> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| Error::framework("$", format!("the document is not UTF-8 ({e})")))?;
        Framework::from_json(text)
    }

    /// The overall score of one row of theme scores (in theme order; `None` = not assessed,
    /// scored as `missing="skip"` does) by the rule table: the slow path, for checking one
    /// row (`score::score` is the fast one). A score outside the scale is an [`Error::Score`]
    /// naming the theme; a row with no score assessed gives `None`.
    pub fn overall_of(&self, scores: &[Option<i64>]) -> Result<Option<i64>> {
        let given: Vec<Option<Given>> = scores.iter().map(|s| s.map(|v| Given::Number(Raw::Int(v.into())))).collect();
        self.overall_of_given(&given)
    }

    /// [`Framework::overall_of`] of scores as a caller gave them: each must be a whole number
    /// within the scale (`3.0` is 3; `3.7`, NaN, `2**70`, a boolean or a string is a score
    /// error naming the theme and the value, unrounded).
    pub fn overall_of_given(&self, scores: &[Option<Given>]) -> Result<Option<i64>> {
        let rules = self.compiled_rules().ok_or_else(|| {
            Error::framework("$.overall", format!("the framework {:?} has no overall rule table", self.name))
        })?;
        let (row, assessed) = self.check_row(scores)?;
        if !assessed.iter().any(|&a| a) {
            return Ok(None);
        }
        Ok(Some(rules.evaluate_assessed(&row, &assessed)))
    }

    /// Check one row of scores against the theme count and the scale: the scores (missing
    /// ones as `scale.min`) and which are assessed.
    pub fn check_row(&self, scores: &[Option<Given>]) -> Result<(Vec<i64>, Vec<bool>)> {
        if scores.len() != self.themes.len() {
            return Err(Error::value(format!(
                "scores: expected {} theme scores, got {}",
                self.themes.len(),
                scores.len()
            )));
        }
        let scale = (self.scale.min, self.scale.max);
        let mut row = Vec::with_capacity(scores.len());
        for (j, s) in scores.iter().enumerate() {
            row.push(match s {
                None => scale.0,
                Some(given) => given.whole_within(scale).ok_or_else(|| {
                    let at = format!("scores: theme {:?} (position {j})", self.themes[j].key);
                    not_a_score(&at, &given.text(), scale)
                })?,
            });
        }
        Ok((row, scores.iter().map(Option::is_some).collect()))
    }

    /// The percentage of the maximum of `total` over `assessed` themes:
    /// `100 * total / (assessed * scale.max)`, or `None` when none is assessed.
    pub fn percent_of(&self, total: i64, assessed: usize) -> Option<f64> {
        (assessed > 0).then(|| (100 * total) as f64 / (assessed as i64 * self.scale.max) as f64)
    }

    /// Whether a percentage of the maximum means something on this scale (`min >= 0`,
    /// `max > 0`); otherwise an [`Error::Framework`] at `$.scale`.
    pub fn check_percent(&self) -> Result<()> {
        if self.scale.min >= 0 && self.scale.max > 0 {
            Ok(())
        } else {
            Err(Error::framework(
                "$.scale",
                format!(
                    "a percentage of the maximum needs min >= 0 and max > 0; the scale runs from {} to {}",
                    self.scale.min, self.scale.max
                ),
            ))
        }
    }

    /// The label of each overall value, if the rule table has labels.
    pub fn overall_labels(&self) -> Option<&[ScaleLabel]> {
        self.overall.as_ref()?.labels.as_deref()
    }

    /// The canonical JSON text (pretty, two-space indent, fields in a fixed order).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a framework always serialises")
    }

    /// The theme keys, in order.
    pub fn theme_keys(&self) -> Vec<&str> {
        self.themes.iter().map(|t| t.key.as_str()).collect()
    }

    /// Check the keys of a `columns` mapping (theme key to column name): each must be a theme.
    pub fn check_column_map(&self, keys: &[String]) -> Result<()> {
        let unknown: Vec<&str> = keys.iter().filter(|k| self.theme_index(k).is_none()).map(String::as_str).collect();
        if unknown.is_empty() {
            return Ok(());
        }
        Err(Error::value(format!(
            "columns: {unknown:?} are not themes of {:?}; its themes are {:?}",
            self.name,
            self.theme_keys()
        )))
    }

    /// The position of the theme `key`, if the framework has it.
    pub fn theme_index(&self, key: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.key == key)
    }

    /// Check everything serde's types cannot say.
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::framework("$.name", "must not be empty"));
        }
        for (i, g) in self.groups.iter().enumerate() {
            if g.key.is_empty() {
                return Err(Error::framework(format!("$.groups[{i}].key"), "must not be empty"));
            }
            if self.groups[..i].iter().any(|h| h.key == g.key) {
                return Err(Error::framework(
                    format!("$.groups[{i}].key"),
                    format!("group {:?} is listed twice", g.key),
                ));
            }
        }
        if self.themes.is_empty() {
            return Err(Error::framework("$.themes", "must list at least one theme"));
        }
        if self.themes.len() > MAX_THEMES {
            return Err(Error::framework("$.themes", format!("at most {MAX_THEMES} themes")));
        }
        for (i, t) in self.themes.iter().enumerate() {
            if t.key.is_empty() {
                return Err(Error::framework(format!("$.themes[{i}].key"), "must not be empty"));
            }
            if self.themes[..i].iter().any(|u| u.key == t.key) {
                return Err(Error::framework(
                    format!("$.themes[{i}].key"),
                    format!("theme {:?} is listed twice", t.key),
                ));
            }
            if let Some(g) = &t.group {
                if !self.groups.iter().any(|h| &h.key == g) {
                    return Err(Error::framework(
                        format!("$.themes[{i}].group"),
                        format!("unknown group {g:?}; the groups are {:?}", self.group_keys()),
                    ));
                }
            }
        }
        for (i, g) in self.groups.iter().enumerate() {
            if !self.themes.iter().any(|t| t.group.as_ref() == Some(&g.key)) {
                return Err(Error::framework(format!("$.groups[{i}]"), format!("group {:?} has no theme", g.key)));
            }
        }
        let s = &self.scale;
        check_int("$.scale.min", s.min, SCALE_LIMIT)?;
        check_int("$.scale.max", s.max, SCALE_LIMIT)?;
        if s.min > s.max {
            return Err(Error::framework("$.scale", format!("min ({}) is greater than max ({})", s.min, s.max)));
        }
        let width = (s.max - s.min + 1) as usize;
        if s.labels.len() != width {
            return Err(Error::framework(
                "$.scale.labels",
                format!(
                    "needs one label for each value from {} to {} ({width}), found {}",
                    s.min,
                    s.max,
                    s.labels.len()
                ),
            ));
        }
        for (i, l) in s.labels.iter().enumerate() {
            let expected = s.min + i as i64;
            if l.value != expected {
                return Err(Error::framework(
                    format!("$.scale.labels[{i}].value"),
                    format!("expected {expected} (labels run from min to max in order), found {}", l.value),
                ));
            }
        }
        if let Some(table) = &self.overall {
            self.validate_table(table)?;
        }
        Ok(())
    }

    fn group_keys(&self) -> Vec<&str> {
        self.groups.iter().map(|g| g.key.as_str()).collect()
    }

    fn validate_table(&self, table: &RuleTable) -> Result<()> {
        check_int("$.overall.default", table.default, SCALE_LIMIT)?;
        let mut has_percent = None;
        for (r, rule) in table.rules.iter().enumerate() {
            let base = format!("$.overall.rules[{r}]");
            check_int(format!("{base}.overall"), rule.overall, SCALE_LIMIT)?;
            for (c, cond) in rule.when.iter().enumerate() {
                let path = format!("{base}.when[{c}]");
                self.validate_condition(cond, &path)?;
                if matches!(cond, Condition::Percent(_)) && has_percent.is_none() {
                    has_percent = Some(path);
                }
            }
        }
        if let Some(path) = has_percent {
            self.check_percent().map_err(|e| match e {
                Error::Framework { message, .. } => Error::framework(format!("{path}.percent"), message),
                e => e,
            })?;
            if table.percent_rounding.is_none() {
                return Err(Error::framework(
                    "$.overall.percent_rounding",
                    format!("{path} compares a percentage; state how it is rounded: \"half_up\", \"down\" or \"none\""),
                ));
            }
        }
        if let Some(labels) = &table.labels {
            for (i, l) in labels.iter().enumerate() {
                check_int(format!("$.overall.labels[{i}].value"), l.value, SCALE_LIMIT)?;
                if labels[..i].iter().any(|m| m.value == l.value) {
                    return Err(Error::framework(
                        format!("$.overall.labels[{i}].value"),
                        format!("{} is labelled twice", l.value),
                    ));
                }
            }
            let given = table.rules.iter().map(|r| r.overall).chain([table.default]);
            for v in given {
                if !labels.iter().any(|l| l.value == v) {
                    return Err(Error::framework(
                        "$.overall.labels",
                        format!("the overall value {v} (given by a rule or the default) has no label"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_condition(&self, cond: &Condition, path: &str) -> Result<()> {
        let (kind, themes, group, bound) = match cond {
            Condition::Count(c) => {
                check_bound(&c.score, &format!("{path}.count.score"))?;
                ("count", &c.themes, &c.group, Bound { at_least: c.at_least, at_most: c.at_most })
            }
            Condition::Min(c) => ("min", &c.themes, &c.group, Bound { at_least: c.at_least, at_most: c.at_most }),
            Condition::Max(c) => ("max", &c.themes, &c.group, Bound { at_least: c.at_least, at_most: c.at_most }),
            Condition::Total(c) => ("total", &c.themes, &c.group, Bound { at_least: c.at_least, at_most: c.at_most }),
            Condition::Percent(c) => {
                ("percent", &c.themes, &c.group, Bound { at_least: c.at_least, at_most: c.at_most })
            }
        };
        check_bound(&bound, &format!("{path}.{kind}"))?;
        if themes.is_some() && group.is_some() {
            return Err(Error::framework(format!("{path}.{kind}"), "give themes or group, not both"));
        }
        if let Some(g) = group {
            if !self.groups.iter().any(|h| &h.key == g) {
                return Err(Error::framework(
                    format!("{path}.{kind}.group"),
                    format!("unknown group {g:?}; the groups are {:?}", self.group_keys()),
                ));
            }
        }
        if let Some(list) = themes {
            if list.is_empty() {
                return Err(Error::framework(
                    format!("{path}.{kind}.themes"),
                    "an empty theme list; leave it out to mean all themes",
                ));
            }
            for (i, key) in list.iter().enumerate() {
                if self.theme_index(key).is_none() {
                    return Err(Error::framework(
                        format!("{path}.{kind}.themes[{i}]"),
                        format!("unknown theme {key:?}; the themes are {:?}", self.theme_keys()),
                    ));
                }
                if list[..i].contains(key) {
                    return Err(Error::framework(
                        format!("{path}.{kind}.themes[{i}]"),
                        format!("theme {key:?} is named twice"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn check_bound(b: &Bound, path: &str) -> Result<()> {
    if let Some(lo) = b.at_least {
        check_int(format!("{path}.at_least"), lo, BOUND_LIMIT)?;
    }
    if let Some(hi) = b.at_most {
        check_int(format!("{path}.at_most"), hi, BOUND_LIMIT)?;
    }
    match (b.at_least, b.at_most) {
        (None, None) => Err(Error::framework(path, "needs at_least, at_most or both")),
        (Some(lo), Some(hi)) if lo > hi => {
            Err(Error::framework(path, format!("at_least ({lo}) is greater than at_most ({hi})")))
        }
        _ => Ok(()),
    }
}

/// The frameworks shipped with the crate, by name: the JSON documents of `src/frameworks/`,
/// compiled in (this is the one place that reads them).
pub const BUILTIN: &[(&str, &str)] = &[
    ("ale", include_str!("../frameworks/ale.json")),
    ("cpa_use_of_resources", include_str!("../frameworks/cpa_use_of_resources.json")),
    ("cqc_la_assessment", include_str!("../frameworks/cqc_la_assessment.json")),
];

/// The built-in framework `name` (see [`BUILTIN`]); an unknown name is an [`Error::Value`]
/// listing the built-ins.
pub fn builtin(name: &str) -> Result<Framework> {
    match BUILTIN.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => Framework::from_json(text),
        None => Err(Error::value(format!(
            "framework: no built-in framework {name:?}; the built-ins are {:?}",
            BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>()
        ))),
    }
}
