//! The rule table compiled to theme indices, and its evaluation on one row of scores, with
//! every theme assessed or only some (`missing="skip"`).

use super::{Bound, Condition, Framework, Rounding};

/// Rules with theme names resolved to column indices.
#[derive(Clone, Debug)]
pub struct CompiledRules {
    /// The rules, in order.
    pub rules: Vec<CompiledRule>,
    /// The overall score when no rule holds.
    pub default: i64,
    /// The scale's maximum (the denominator of percentages).
    pub max: i64,
    /// How percentages are rounded.
    pub rounding: Rounding,
}

/// A [`super::Rule`] with theme indices.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    /// The overall score the rule gives.
    pub overall: i64,
    /// Conditions that must all hold.
    pub when: Vec<CompiledCondition>,
}

/// What a [`CompiledCondition`] bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// The number of themes scoring within the given bound.
    Count(Bound),
    /// The lowest score.
    Min,
    /// The highest score.
    Max,
    /// The sum of the scores.
    Total,
    /// The percentage of the maximum, rounded.
    Percent,
}

/// A [`Condition`] over theme indices (`themes` index the row of scores).
#[derive(Clone, Debug)]
pub struct CompiledCondition {
    /// The themes it reads.
    pub themes: Vec<usize>,
    /// What it computes over them.
    pub aggregate: Aggregate,
    /// The bound the result must be within.
    pub bound: Bound,
}

impl Framework {
    /// The rule table compiled to theme indices, if the framework has one.
    pub fn compiled_rules(&self) -> Option<CompiledRules> {
        let table = self.overall.as_ref()?;
        let resolve = |themes: &Option<Vec<String>>, group: &Option<String>| -> Vec<usize> {
            match (themes, group) {
                (Some(list), _) => list.iter().map(|k| self.theme_index(k).expect("validated")).collect(),
                (None, Some(g)) => {
                    (0..self.themes.len()).filter(|&j| self.themes[j].group.as_ref() == Some(g)).collect()
                }
                (None, None) => (0..self.themes.len()).collect(),
            }
        };
        let compile = |c: &Condition| {
            let (themes, group, aggregate, at_least, at_most) = match c {
                Condition::Count(c) => (&c.themes, &c.group, Aggregate::Count(c.score), c.at_least, c.at_most),
                Condition::Min(c) => (&c.themes, &c.group, Aggregate::Min, c.at_least, c.at_most),
                Condition::Max(c) => (&c.themes, &c.group, Aggregate::Max, c.at_least, c.at_most),
                Condition::Total(c) => (&c.themes, &c.group, Aggregate::Total, c.at_least, c.at_most),
                Condition::Percent(c) => (&c.themes, &c.group, Aggregate::Percent, c.at_least, c.at_most),
            };
            CompiledCondition { themes: resolve(themes, group), aggregate, bound: Bound { at_least, at_most } }
        };
        let rules = table
            .rules
            .iter()
            .map(|rule| CompiledRule { overall: rule.overall, when: rule.when.iter().map(compile).collect() })
            .collect();
        Some(CompiledRules {
            rules,
            default: table.default,
            max: self.scale.max,
            rounding: table.percent_rounding.unwrap_or(Rounding::None),
        })
    }
}

/// Whether `100 * total / denom` (`denom > 0`), rounded by `rounding` to a whole percentage
/// (or exact for [`Rounding::None`]), is within `bound`. Exact integer arithmetic in `i128`.
pub fn percent_within(total: i64, denom: i64, rounding: Rounding, bound: Bound) -> bool {
    let (t, d) = (i128::from(total) * 100, i128::from(denom));
    match rounding {
        Rounding::None => {
            bound.at_least.is_none_or(|lo| t >= i128::from(lo) * d)
                && bound.at_most.is_none_or(|hi| t <= i128::from(hi) * d)
        }
        Rounding::Down | Rounding::HalfUp => {
            let p = if rounding == Rounding::Down { t.div_euclid(d) } else { (2 * t + d).div_euclid(2 * d) };
            bound.at_least.is_none_or(|lo| p >= i128::from(lo)) && bound.at_most.is_none_or(|hi| p <= i128::from(hi))
        }
    }
}

impl CompiledRules {
    fn holds(&self, c: &CompiledCondition, scores: &[i64], assessed: Option<&[bool]>) -> bool {
        let seen = |j: &&usize| assessed.is_none_or(|a| a[**j]);
        let values = c.themes.iter().filter(seen).map(|&j| scores[j]);
        match c.aggregate {
            Aggregate::Count(score) => c.bound.holds(values.filter(|&v| score.holds(v)).count() as i64),
            Aggregate::Min => values.min().is_some_and(|v| c.bound.holds(v)),
            Aggregate::Max => values.max().is_some_and(|v| c.bound.holds(v)),
            Aggregate::Total => c.bound.holds(values.sum()),
            Aggregate::Percent => {
                let (n, total) = values.fold((0i64, 0i64), |(n, t), v| (n + 1, t + v));
                n > 0 && percent_within(total, n * self.max, self.rounding, c.bound)
            }
        }
    }

    /// The overall score of one row of theme scores (in framework order), every theme assessed.
    pub fn evaluate(&self, scores: &[i64]) -> i64 {
        self.first_match(scores, None)
    }

    /// The overall score of one row where only the themes with `assessed[j]` were assessed:
    /// every condition reads only the assessed themes of its subset (a count counts them, a
    /// total sums them, a percentage is of their maximum; a lowest, highest or percentage over
    /// none does not hold).
    pub fn evaluate_assessed(&self, scores: &[i64], assessed: &[bool]) -> i64 {
        self.first_match(scores, Some(assessed))
    }

    fn first_match(&self, scores: &[i64], assessed: Option<&[bool]>) -> i64 {
        for rule in &self.rules {
            if rule.when.iter().all(|c| self.holds(c, scores, assessed)) {
                return rule.overall;
            }
        }
        self.default
    }
}
