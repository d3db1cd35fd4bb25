//! Assessment frameworks as data: themes, a scale, and an optional first-match rule table for
//! the overall score, read from JSON with serde and validated with JSON paths in the errors.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A framework document, as written in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// A short name (a built-in's is its key).
    pub name: String,
    /// The full title.
    pub title: String,
    /// The themes, in order: the score columns.
    pub themes: Vec<Theme>,
    /// The scale of every theme score.
    pub scale: Scale,
    /// The rule table for the overall score, if the framework has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<RuleTable>,
}

/// One theme of a framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The key: the default column name.
    pub key: String,
    /// A human-readable label.
    pub label: String,
}

/// The ordinal scale of theme scores: the integers `min` to `max`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The lowest score.
    pub min: i64,
    /// The highest score.
    pub max: i64,
    /// One label for each value from `min` to `max`.
    pub labels: Vec<ScaleLabel>,
}

/// The label of one scale value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLabel {
    /// The score.
    pub value: i64,
    /// Its label.
    pub label: String,
}

/// The overall score: the first rule whose conditions all hold gives it, else `default`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTable {
    /// The rules, in order.
    pub rules: Vec<Rule>,
    /// The overall score when no rule holds.
    pub default: i64,
}

/// One rule: when every condition holds, the overall score is `overall`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The overall score the rule gives.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
    /// The highest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i64>,
}

impl Bound {
    /// Whether `v` is within the bound.
    #[inline]
    pub fn holds(&self, v: i64) -> bool {
        self.at_least.is_none_or(|lo| v >= lo) && self.at_most.is_none_or(|hi| v <= hi)
    }
}

/// One condition over all themes, or over the named subset `themes`.
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
}

/// "The number of themes scoring within `score` is within `at_least..=at_most`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountCondition {
    /// The themes counted (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<String>>,
    /// The scores that count.
    pub score: Bound,
    /// The fewest themes that must score within `score`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
    /// The most themes that may score within `score`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i64>,
}

/// "The lowest / highest / total score of `themes` is within `at_least..=at_most`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateCondition {
    /// The themes aggregated (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<String>>,
    /// The lowest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
    /// The highest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i64>,
}

/// Scale values are kept to this magnitude so the total of up to `MAX_THEMES` themes and
/// every overall score fit the `i32` output columns.
pub const SCALE_LIMIT: i64 = 1 << 24;
/// At most this many themes (totals are accumulated in i64; the rule compiler uses bitsets).
pub const MAX_THEMES: usize = 64;

impl Framework {
    /// Parse and validate a JSON document.
    pub fn from_json(text: &str) -> Result<Framework> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let fw: Framework = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "$".to_string() } else { format!("$.{path}") };
            Error::framework(path, e.inner().to_string())
        })?;
        fw.validate()?;
        Ok(fw)
    }

    /// Parse and validate a JSON document given as bytes, which must be UTF-8.
    pub fn from_bytes(bytes: &[u8]) -> Result<Framework> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| Error::framework("$", format!("the document is not UTF-8 ({e})")))?;
        Framework::from_json(text)
    }

    /// The overall score of one row of theme scores (in theme order) by the rule table: the
    /// slow path, for checking one row (`score::score` is the fast one).
    pub fn overall_of(&self, scores: &[i64]) -> Result<i64> {
        let rules = self.compiled_rules().ok_or_else(|| {
            Error::framework("$.overall", format!("the framework {:?} has no overall rule table", self.name))
        })?;
        if scores.len() != self.themes.len() {
            return Err(Error::value(format!(
                "scores: expected {} theme scores, got {}",
                self.themes.len(),
                scores.len()
            )));
        }
        Ok(rules.evaluate(scores))
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
        }
        let s = &self.scale;
        for (path, v) in [("$.scale.min", s.min), ("$.scale.max", s.max)] {
            if v.abs() > SCALE_LIMIT {
                return Err(Error::framework(path, format!("{v} is outside ±{SCALE_LIMIT}")));
            }
        }
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
            if table.default.abs() > SCALE_LIMIT {
                return Err(Error::framework("$.overall.default", "outside the allowed range"));
            }
            for (r, rule) in table.rules.iter().enumerate() {
                let base = format!("$.overall.rules[{r}]");
                if rule.overall.abs() > SCALE_LIMIT {
                    return Err(Error::framework(format!("{base}.overall"), "outside the allowed range"));
                }
                for (c, cond) in rule.when.iter().enumerate() {
                    self.validate_condition(cond, &format!("{base}.when[{c}]"))?;
                }
            }
        }
        Ok(())
    }

    fn validate_condition(&self, cond: &Condition, path: &str) -> Result<()> {
        let (kind, themes, bound) = match cond {
            Condition::Count(c) => {
                check_bound(&c.score, &format!("{path}.count.score"))?;
                ("count", &c.themes, Bound { at_least: c.at_least, at_most: c.at_most })
            }
            Condition::Min(c) => ("min", &c.themes, Bound { at_least: c.at_least, at_most: c.at_most }),
            Condition::Max(c) => ("max", &c.themes, Bound { at_least: c.at_least, at_most: c.at_most }),
            Condition::Total(c) => ("total", &c.themes, Bound { at_least: c.at_least, at_most: c.at_most }),
        };
        check_bound(&bound, &format!("{path}.{kind}"))?;
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

    /// The rule table compiled to theme indices, if the framework has one.
    pub fn compiled_rules(&self) -> Option<CompiledRules> {
        let table = self.overall.as_ref()?;
        let all: Vec<usize> = (0..self.themes.len()).collect();
        let resolve = |themes: &Option<Vec<String>>| -> Vec<usize> {
            match themes {
                None => all.clone(),
                Some(list) => list.iter().map(|k| self.theme_index(k).expect("validated")).collect(),
            }
        };
        let rules = table
            .rules
            .iter()
            .map(|rule| CompiledRule {
                overall: rule.overall,
                when: rule
                    .when
                    .iter()
                    .map(|c| match c {
                        Condition::Count(c) => CompiledCondition::Count {
                            themes: resolve(&c.themes),
                            score: c.score,
                            count: Bound { at_least: c.at_least, at_most: c.at_most },
                        },
                        Condition::Min(c) => CompiledCondition::Min {
                            themes: resolve(&c.themes),
                            bound: Bound { at_least: c.at_least, at_most: c.at_most },
                        },
                        Condition::Max(c) => CompiledCondition::Max {
                            themes: resolve(&c.themes),
                            bound: Bound { at_least: c.at_least, at_most: c.at_most },
                        },
                        Condition::Total(c) => CompiledCondition::Total {
                            themes: resolve(&c.themes),
                            bound: Bound { at_least: c.at_least, at_most: c.at_most },
                        },
                    })
                    .collect(),
            })
            .collect();
        Some(CompiledRules { rules, default: table.default })
    }
}

fn check_bound(b: &Bound, path: &str) -> Result<()> {
    match (b.at_least, b.at_most) {
        (None, None) => Err(Error::framework(path, "needs at_least, at_most or both")),
        (Some(lo), Some(hi)) if lo > hi => {
            Err(Error::framework(path, format!("at_least ({lo}) is greater than at_most ({hi})")))
        }
        _ => Ok(()),
    }
}

/// Rules with theme names resolved to column indices.
#[derive(Clone, Debug)]
pub struct CompiledRules {
    /// The rules, in order.
    pub rules: Vec<CompiledRule>,
    /// The overall score when no rule holds.
    pub default: i64,
}

/// A [`Rule`] with theme indices.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    /// The overall score the rule gives.
    pub overall: i64,
    /// Conditions that must all hold.
    pub when: Vec<CompiledCondition>,
}

/// A [`Condition`] over theme indices (`themes` index the row of scores).
#[derive(Clone, Debug)]
pub enum CompiledCondition {
    /// The number of `themes` scoring within `score` is within `count`.
    Count {
        /// The themes counted.
        themes: Vec<usize>,
        /// The scores that count.
        score: Bound,
        /// The bound on the count.
        count: Bound,
    },
    /// The lowest score of `themes` is within `bound`.
    Min {
        /// The themes.
        themes: Vec<usize>,
        /// The bound.
        bound: Bound,
    },
    /// The highest score of `themes` is within `bound`.
    Max {
        /// The themes.
        themes: Vec<usize>,
        /// The bound.
        bound: Bound,
    },
    /// The sum of the scores of `themes` is within `bound`.
    Total {
        /// The themes.
        themes: Vec<usize>,
        /// The bound.
        bound: Bound,
    },
}

impl CompiledCondition {
    /// Whether the condition holds for one row of theme scores.
    #[inline]
    pub fn holds(&self, scores: &[i64]) -> bool {
        match self {
            CompiledCondition::Count { themes, score, count } => {
                count.holds(themes.iter().filter(|&&j| score.holds(scores[j])).count() as i64)
            }
            CompiledCondition::Min { themes, bound } => {
                bound.holds(themes.iter().map(|&j| scores[j]).min().expect("non-empty"))
            }
            CompiledCondition::Max { themes, bound } => {
                bound.holds(themes.iter().map(|&j| scores[j]).max().expect("non-empty"))
            }
            CompiledCondition::Total { themes, bound } => bound.holds(themes.iter().map(|&j| scores[j]).sum()),
        }
    }
}

impl CompiledRules {
    /// The overall score of one row of theme scores (in framework order).
    pub fn evaluate(&self, scores: &[i64]) -> i64 {
        for rule in &self.rules {
            if rule.when.iter().all(|c| c.holds(scores)) {
                return rule.overall;
            }
        }
        self.default
    }
}

/// The frameworks shipped with the crate, by name: the JSON documents of `src/frameworks/`,
/// compiled in (this is the one place that reads them).
pub const BUILTIN: &[(&str, &str)] = &[
    ("ale", include_str!("frameworks/ale.json")),
    ("cpa_use_of_resources", include_str!("frameworks/cpa_use_of_resources.json")),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cpa() -> Framework {
        builtin("cpa_use_of_resources").unwrap()
    }

    /// The Audit Commission rule for a council's overall use of resources score (CPA 2005-2008),
    /// written out by hand: two or more themes scoring 4 with none below 3 is 4; three or more
    /// scoring 3 or more with none below 2 is 3; three or more scoring 2 or more is 2; else 1.
    fn reference(s: &[i64]) -> i64 {
        let at_least = |v: i64| s.iter().filter(|&&x| x >= v).count();
        let lowest = *s.iter().min().unwrap();
        if at_least(4) >= 2 && lowest >= 3 {
            4
        } else if at_least(3) >= 3 && lowest >= 2 {
            3
        } else if at_least(2) >= 3 {
            2
        } else {
            1
        }
    }

    #[test]
    fn cpa_rule_matches_the_table_on_all_1024_combinations() {
        let rules = cpa().compiled_rules().unwrap();
        for code in 0..1024u32 {
            let s: Vec<i64> = (0..5).map(|j| ((code >> (2 * j)) & 3) as i64 + 1).collect();
            assert_eq!(rules.evaluate(&s), reference(&s), "scores {s:?}");
        }
    }

    #[test]
    fn builtins_round_trip_exactly() {
        for (name, text) in BUILTIN {
            let fw = builtin(name).unwrap();
            let again = Framework::from_json(&fw.to_json()).unwrap();
            assert_eq!(fw, again);
            assert_eq!(fw.to_json(), again.to_json());
            assert_eq!(text.trim_end(), fw.to_json(), "{name}.json is not in canonical form");
        }
        assert!(builtin("ale").unwrap().overall.is_none());
    }

    #[test]
    fn column_maps_name_themes() {
        assert_eq!(cpa().check_column_map(&["value_for_money".into()]), Ok(()));
        let err = cpa().check_column_map(&["nope".into(), "value_for_money".into()]).unwrap_err();
        assert!(err.to_string().starts_with(r#"columns: ["nope"] are not themes of "cpa_use_of_resources""#), "{err}");
    }

    #[test]
    fn one_row_and_bytes() {
        assert_eq!(cpa().overall_of(&[4, 4, 3, 3, 3]), Ok(4));
        assert!(matches!(cpa().overall_of(&[4]), Err(Error::Value { .. })));
        assert!(matches!(builtin("ale").unwrap().overall_of(&[1; 5]), Err(Error::Framework { .. })));
        assert_eq!(Framework::from_bytes(GOOD.as_bytes()), Framework::from_json(GOOD));
        let err = Framework::from_bytes(b"\xff").unwrap_err().to_string();
        assert!(err.starts_with("framework $: the document is not UTF-8"), "{err}");
    }

    fn err_path(text: &str) -> String {
        match Framework::from_json(text).unwrap_err() {
            Error::Framework { path, .. } => path,
            e => panic!("not a framework error: {e:?}"),
        }
    }

    const GOOD: &str = r#"{"name":"x","title":"X","themes":[{"key":"a","label":"A"},{"key":"b","label":"B"}],
        "scale":{"min":1,"max":2,"labels":[{"value":1,"label":"low"},{"value":2,"label":"high"}]}}"#;

    #[test]
    fn errors_carry_json_paths() {
        assert!(Framework::from_json(GOOD).is_ok());
        assert_eq!(err_path(&GOOD.replace(r#""title":"X","#, r#""title":"X","colour":1,"#)), "$.colour");
        assert_eq!(err_path(&GOOD.replace(r#""min":1"#, r#""min":1.5"#)), "$.scale.min");
        assert_eq!(err_path(&GOOD.replace(r#""min":1"#, r#""min":3"#)), "$.scale");
        let empty =
            r#"{"name":"x","title":"X","themes":[],"scale":{"min":1,"max":1,"labels":[{"value":1,"label":"l"}]}}"#;
        assert_eq!(err_path(empty), "$.themes");
        let unknown_theme = GOOD.replace(
            "}]}}",
            r#"}]}, "overall":{"rules":[{"overall":2,"when":[{"min":{"themes":["a","zz"],"at_least":2}}]}],"default":1}}"#,
        );
        assert_eq!(err_path(&unknown_theme), "$.overall.rules[0].when[0].min.themes[1]");
        let no_bound =
            GOOD.replace("}]}}", r#"}]}, "overall":{"rules":[{"overall":2,"when":[{"total":{}}]}],"default":1}}"#);
        assert_eq!(err_path(&no_bound), "$.overall.rules[0].when[0].total");
        assert_eq!(err_path(&GOOD.replace(r#"{"value":2,"#, r#"{"value":3,"#)), "$.scale.labels[1].value");
        assert_eq!(err_path(&GOOD.replace(r#""key":"b""#, r#""key":"a""#)), "$.themes[1].key");
    }

    #[test]
    fn subsets_count_only_their_themes() {
        let text = GOOD.replace(
            "}]}}",
            r#"}]}, "overall":{"rules":[{"overall":2,"when":[{"count":{"themes":["b"],"score":{"at_most":1},"at_most":0}}]}],"default":1}}"#,
        );
        let rules = Framework::from_json(&text).unwrap().compiled_rules().unwrap();
        assert_eq!(rules.evaluate(&[1, 2]), 2);
        assert_eq!(rules.evaluate(&[2, 1]), 1);
    }
}
