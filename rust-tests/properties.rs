//! Property tests of the core against plain references: the framework parser on hostile
//! documents, and the kernels (scoring, grouped counts and modes, overlap, assignment, the
//! sign test and the Wilcoxon statistic) against direct computations.
//!
//! Each property runs `PROPTEST_CASES` cases (a small default, so `cargo test` stays fast);
//! `tools/fuzz.py` raises it for long campaigns and sets `PROPTEST_RNG_SEED` per round.

use std::collections::BTreeMap;

use arrow_array::{Float64Array, Int64Array};
use coterminous::cancel::Cancel;
use coterminous::column::{Column, Values};
use coterminous::framework::Framework;
use coterminous::inference::sign::sign_test;
use coterminous::inference::wilcoxon::{wilcoxon, WilcoxonMethod, WilcoxonOptions, ZeroMethod};
use coterminous::inference::Alternative;
use coterminous::pairing::assign::{max_weight_matching, max_weight_matching_duals_within, violates, DUAL_TOL};
use coterminous::pairing::overlap::{Overlapper, Units};
use coterminous::score::{score, Missing, Want};
use coterminous::summary::{group_counts, modes, Modes, Ties};
use coterminous::Error;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Value};

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig { cases: cases(default), ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Framework documents

/// Integers a hostile document holds: small ones, the limits and their neighbours, extremes.
fn hostile_int() -> impl Strategy<Value = i64> {
    prop_oneof![
        12 => -5i64..=5,
        1 => Just(i64::MIN),
        1 => Just(i64::MAX),
        1 => prop::sample::select(vec![1i64 << 24, (1 << 24) + 1, -(1 << 24), -(1 << 24) - 1, 1 << 30, (1 << 30) + 1, -(1 << 30) - 1, 1 << 53]),
        1 => any::<i64>(),
    ]
}

/// Any JSON value, including unicode, floats, `u64` beyond `i64`, and nesting.
fn hostile_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        hostile_int().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        Just(Value::from("\u{0}\u{feff}\u{10ffff}İ\u{307}")),
    ];
    leaf.prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Distinct theme keys, now and then with an arbitrary one (maybe a duplicate or empty).
fn theme_keys() -> impl Strategy<Value = Vec<String>> {
    let letters = vec!["a", "b", "c", "d", "e", "f"];
    (prop::sample::subsequence(letters, 0..=6), prop::option::weighted(0.2, any::<String>())).prop_map(|(ks, extra)| {
        let mut keys: Vec<String> = ks.into_iter().map(String::from).collect();
        keys.extend(extra);
        keys
    })
}

/// A condition of the schema's shape over `keys`, bounds hostile.
fn condition(keys: Vec<String>) -> impl Strategy<Value = Value> {
    let bound = || (prop::option::of(hostile_int()), prop::option::of(hostile_int()));
    let subset = prop::option::of(prop::sample::subsequence(keys.clone(), 0..=keys.len()));
    (0usize..5, bound(), bound(), subset).prop_map(|(kind, (lo, hi), (slo, shi), subset)| {
        let mut c = serde_json::Map::new();
        if let Some(s) = subset {
            c.insert("themes".into(), json!(s));
        }
        if let Some(v) = lo {
            c.insert("at_least".into(), json!(v));
        }
        if let Some(v) = hi {
            c.insert("at_most".into(), json!(v));
        }
        let name = ["count", "min", "max", "total", "percent"][kind];
        if kind == 0 {
            let mut s = serde_json::Map::new();
            if let Some(v) = slo {
                s.insert("at_least".into(), json!(v));
            }
            if let Some(v) = shi {
                s.insert("at_most".into(), json!(v));
            }
            c.insert("score".into(), Value::Object(s));
        }
        json!({ name: Value::Object(c) })
    })
}

/// A document of the schema's shape with hostile values in it.
fn document() -> impl Strategy<Value = Value> {
    (theme_keys(), hostile_int(), 0i64..6, hostile_int(), any::<bool>())
        .prop_flat_map(|(keys, min, width, default, lower)| {
            let max = if width == 5 { default } else { min.saturating_add(width - 1) };
            let n_labels = (max.saturating_sub(min).saturating_add(1)).clamp(0, 8) as usize;
            let rules =
                prop::collection::vec((hostile_int(), prop::collection::vec(condition(keys.clone()), 0..3)), 0..4);
            (Just((keys, min, max, default, lower, n_labels)), prop::option::of(rules), prop::option::of(0usize..4))
        })
        .prop_map(|((keys, min, max, default, lower, n_labels), rules, rounding)| {
            let themes: Vec<Value> = keys.iter().map(|k| json!({"key": k, "label": k.to_uppercase()})).collect();
            let labels: Vec<Value> = (0..n_labels as i64)
                .map(|i| json!({"value": min.saturating_add(i), "label": format!("v{i}")}))
                .collect();
            let mut scale = json!({"min": min, "max": max, "labels": labels});
            if lower {
                scale["direction"] = json!("lower_is_better");
            }
            let mut doc = json!({"name": "fuzz", "title": "A fuzzed framework", "themes": themes, "scale": scale});
            if let Some(rules) = rules {
                let rules: Vec<Value> =
                    rules.into_iter().map(|(o, when)| json!({"overall": o, "when": when})).collect();
                doc["overall"] = json!({"rules": rules, "default": default});
                if let Some(r) = rounding.filter(|&r| r < 3) {
                    doc["overall"]["percent_rounding"] = json!(["half_up", "down", "none"][r]);
                }
            }
            doc
        })
}

/// Replace the value at a random path of `doc` by `by`, or add `by` under an unknown key.
fn mutate(doc: &mut Value, mut pick: usize, by: Value, unknown: bool) {
    let mut at = doc;
    loop {
        let n = match at {
            Value::Object(m) => m.len(),
            Value::Array(v) => v.len(),
            _ => 0,
        };
        if n == 0 || pick % 3 == 0 {
            break;
        }
        let i = pick % n;
        pick /= 3;
        at = match at {
            Value::Object(m) => m.values_mut().nth(i).expect("in range"),
            Value::Array(v) => &mut v[i],
            _ => unreachable!(),
        };
    }
    match at {
        Value::Object(m) if unknown => {
            m.insert("unknown_field".into(), by);
        }
        _ => *at = by,
    }
}

fn check_parse(text: &str) -> Result<(), TestCaseError> {
    match Framework::from_json(text) {
        Ok(fw) => {
            let again = Framework::from_json(&fw.to_json());
            prop_assert_eq!(again.as_ref(), Ok(&fw), "to_json does not round-trip: {}", fw.to_json());
        }
        Err(Error::Framework { path, message }) => {
            prop_assert!(path.starts_with('$'), "path {path:?} ({message})");
            prop_assert!(!message.is_empty());
        }
        Err(e) => prop_assert!(false, "not a framework error: {e:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Documents of the schema's shape: never a panic; accepted ones round-trip; refused ones
    /// name a JSON path.
    #[test]
    fn framework_documents_parse_or_name_a_path(doc in document()) {
        check_parse(&doc.to_string())?;
    }

    /// The same with one value anywhere replaced by a hostile one, or an unknown field added.
    #[test]
    fn mutated_framework_documents_parse_or_name_a_path(
        mut doc in document(), pick in any::<usize>(), by in hostile_value(), unknown in any::<bool>()
    ) {
        mutate(&mut doc, pick, by, unknown);
        check_parse(&doc.to_string())?;
    }

    /// Arbitrary text, and very deep nesting.
    #[test]
    fn any_text_parses_or_names_a_path(text in any::<String>(), depth in 0usize..2000) {
        check_parse(&text)?;
        check_parse(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)))?;
        check_parse(&format!("{{\"name\": {}1{}}}", "[".repeat(depth), "]".repeat(depth)))?;
    }
}

/// The generator makes valid documents often enough that the round trip is exercised.
#[test]
fn generated_documents_are_often_valid() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let n = 400;
    let valid = (0..n)
        .filter(|_| Framework::from_json(&document().new_tree(&mut runner).unwrap().current().to_string()).is_ok())
        .count();
    assert!(valid * 10 >= n, "only {valid} of {n} generated documents are valid");
}

// ---------------------------------------------------------------------------------------------
// Scoring against a plain evaluator of the rule table

/// A valid framework: 1-5 themes, a small scale, rules of count/min/max/total conditions.
fn valid_framework() -> impl Strategy<Value = (Value, usize, i64, i64)> {
    (1usize..=5, -3i64..=3, 1i64..=4).prop_flat_map(|(k, min, width)| {
        let max = min + width - 1;
        let keys: Vec<String> = ["a", "b", "c", "d", "e"][..k].iter().map(|s| s.to_string()).collect();
        let bound = move |lo: i64, hi: i64| (prop::option::of(lo..=hi), prop::option::of(lo..=hi));
        let cond = (
            0usize..4,
            bound(-1, k as i64 + 1),
            bound(min - 1, max + 1),
            bound(min * 5 - 1, max * 5 + 1),
            prop::option::of(prop::sample::subsequence(keys.clone(), 1..=k)),
        )
            .prop_map(move |(kind, cb, sb, tb, subset)| {
                let (lo, hi) = match kind {
                    0 => cb,
                    1 | 2 => sb,
                    _ => tb,
                };
                let lo = lo.unwrap_or(if kind == 0 { 1 } else { i64::MIN });
                let hi = hi.map(|h| h.max(lo));
                let mut c = serde_json::Map::new();
                if let Some(s) = subset {
                    c.insert("themes".into(), json!(s));
                }
                if lo != i64::MIN || hi.is_none() {
                    c.insert("at_least".into(), json!(lo.max(-1000)));
                }
                if let Some(h) = hi {
                    c.insert("at_most".into(), json!(h));
                }
                if kind == 0 {
                    c.insert("score".into(), json!({"at_least": sb.0.unwrap_or(min)}));
                }
                json!({ ["count", "min", "max", "total"][kind]: Value::Object(c) })
            });
        let rules = prop::collection::vec((min..=max, prop::collection::vec(cond, 0..3)), 0..4);
        (Just(keys), rules, min..=max).prop_map(move |(keys, rules, default)| {
            let themes: Vec<Value> = keys.iter().map(|k| json!({"key": k, "label": k})).collect();
            let labels: Vec<Value> = (min..=max).map(|v| json!({"value": v, "label": format!("{v}")})).collect();
            let rules: Vec<Value> = rules.into_iter().map(|(o, when)| json!({"overall": o, "when": when})).collect();
            let doc = json!({"name": "p", "title": "p", "themes": themes,
                "scale": {"min": min, "max": max, "labels": labels},
                "overall": {"rules": rules, "default": default}});
            (doc, k, min, max)
        })
    })
}

/// The overall score of a full row by the document itself: the first rule whose conditions
/// all hold, else the default.
fn reference_overall(doc: &Value, scores: &[i64]) -> i64 {
    let keys: Vec<&str> = doc["themes"].as_array().unwrap().iter().map(|t| t["key"].as_str().unwrap()).collect();
    let within = |b: &Value, v: i64| {
        b.get("at_least").and_then(Value::as_i64).is_none_or(|lo| v >= lo)
            && b.get("at_most").and_then(Value::as_i64).is_none_or(|hi| v <= hi)
    };
    for rule in doc["overall"]["rules"].as_array().unwrap() {
        let holds = rule["when"].as_array().unwrap().iter().all(|c| {
            let (kind, body) = c.as_object().unwrap().iter().next().unwrap();
            let subset: Vec<i64> = match body.get("themes") {
                Some(t) => {
                    t.as_array().unwrap().iter().map(|k| scores[keys.iter().position(|x| x == k).unwrap()]).collect()
                }
                None => scores.to_vec(),
            };
            let value = match kind.as_str() {
                "count" => subset.iter().filter(|&&s| within(&body["score"], s)).count() as i64,
                "min" => *subset.iter().min().unwrap(),
                "max" => *subset.iter().max().unwrap(),
                "total" => subset.iter().sum(),
                _ => unreachable!(),
            };
            within(body, value)
        });
        if holds {
            return rule["overall"].as_i64().unwrap();
        }
    }
    doc["overall"]["default"].as_i64().unwrap()
}

proptest! {
    #![proptest_config(config(128))]

    /// Totals and overall scores of every row equal the plain sum and the plain first-match
    /// rule, on strided i64 columns and on f64 columns; `overall_of` agrees; a missing score
    /// propagates.
    #[test]
    fn score_matches_the_plain_rule(
        (doc, k, min, max) in valid_framework(),
        raw in prop::collection::vec(prop::collection::vec(0i64..16, 5), 0..40),
        nulls in prop::collection::vec(prop::bool::weighted(0.1), 0..40),
        use_float in any::<bool>(),
    ) {
        let fw = Framework::from_json(&doc.to_string()).map_err(|e| TestCaseError::fail(format!("{e}: {doc}")))?;
        let width = max - min + 1;
        let rows: Vec<Vec<i64>> = raw.iter().map(|r| r[..k].iter().map(|v| min + v % width).collect()).collect();
        let n = rows.len();
        // one row-major matrix: column j is offset j, stride k
        let flat: Vec<i64> = rows.iter().flatten().copied().collect();
        let flat_f: Vec<f64> = flat.iter().map(|&v| v as f64).collect();
        let null_mask: Vec<bool> = (0..n).map(|i| nulls.get(i).copied().unwrap_or(false)).collect();
        let names: Vec<String> = (0..k).map(|j| format!("c{j}")).collect();
        let cols: Vec<Column<'_>> = (0..k).map(|j| Column {
            name: &names[j],
            values: if use_float { Values::F64(&flat_f) } else { Values::I64(&flat) },
            offset: j,
            stride: k,
            len: n,
            nulls: if j == 0 { Some(&null_mask) } else { None },
        }).collect();
        let want = Want::new(&fw, true, Some(true), false).unwrap();
        if n == 0 {
            return Ok(());
        }
        let got = score(&fw, &cols, want, Missing::Propagate).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let (total, overall) = (got.total.unwrap(), got.overall.unwrap());
        for (i, row) in rows.iter().enumerate() {
            let missing = null_mask[i];
            prop_assert_eq!(got.nulls.as_ref().is_some_and(|m| m[i]), missing, "row {}", i);
            if missing {
                continue;
            }
            prop_assert_eq!(i64::from(total[i]), row.iter().sum::<i64>(), "total of row {}", i);
            let want = reference_overall(&doc, row);
            prop_assert_eq!(i64::from(overall[i]), want, "overall of row {:?}", row);
            let slow = fw.overall_of(&row.iter().map(|&v| Some(v)).collect::<Vec<_>>()).unwrap();
            prop_assert_eq!(slow, Some(want));
        }
        // a score outside the scale is an error, never a wrong number
        let mut bad = flat.clone();
        bad[0] = max + 1;
        let mut bad_cols = cols.clone();
        bad_cols[0].values = Values::I64(&bad);
        bad_cols[0].nulls = None;
        let refused = matches!(score(&fw, &bad_cols, want, Missing::Error), Err(Error::Score { .. }));
        prop_assert!(refused, "a score above the scale was not refused");
    }
}

// ---------------------------------------------------------------------------------------------
// Grouped counts and modes

fn key_value() -> impl Strategy<Value = i64> {
    prop_oneof![4 => 0i64..4, 1 => prop::sample::select(vec![i64::MIN, i64::MAX, -1, 1 << 40])]
}

proptest! {
    #![proptest_config(config(128))]

    /// Counts per group (groups in order of first appearance, values ascending) and the modes
    /// under each tie policy equal a plain tally.
    #[test]
    fn group_counts_and_modes_match_a_tally(
        rows in prop::collection::vec((key_value(), -3i64..4), 1..60),
        extreme in any::<bool>(),
    ) {
        let keys: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let vals: Vec<i64> = rows.iter().map(|r| if extreme && r.1 == 3 { i64::MAX } else { r.1 }).collect();
        let got = group_counts(&[Column::new("k", Values::I64(&keys))], &[Column::new("v", Values::I64(&vals))], None)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let mut order: Vec<i64> = Vec::new();
        let mut tally: BTreeMap<i64, BTreeMap<i64, u64>> = BTreeMap::new();
        let mut first_rows = Vec::new();
        for (i, (&k, &v)) in keys.iter().zip(&vals).enumerate() {
            if !order.contains(&k) {
                order.push(k);
                first_rows.push(i as u64);
            }
            *tally.entry(k).or_default().entry(v).or_default() += 1;
        }
        prop_assert_eq!(&got.first_rows, &first_rows);
        let c = &got.columns[0];
        prop_assert_eq!(c.offsets.len(), order.len() + 1);
        for (g, k) in order.iter().enumerate() {
            let (a, b) = (c.offsets[g] as usize, c.offsets[g + 1] as usize);
            let want: Vec<(i64, u64)> = tally[k].iter().map(|(&v, &n)| (v, n)).collect();
            let have: Vec<(i64, u64)> = (a..b).filter(|&i| c.counts[i] > 0).map(|i| (c.values[i], c.counts[i])).collect();
            prop_assert_eq!(have, want.clone(), "group {}", k);
            let best = want.iter().map(|x| x.1).max().unwrap();
            let tied: Vec<i64> = want.iter().filter(|x| x.1 == best).map(|x| x.0).collect();
            match modes(c, Ties::Low) {
                Modes::One { values, .. } => prop_assert_eq!(values[g], tied[0]),
                m => prop_assert!(false, "{m:?}"),
            }
            match modes(c, Ties::High) {
                Modes::One { values, .. } => prop_assert_eq!(values[g], *tied.last().unwrap()),
                m => prop_assert!(false, "{m:?}"),
            }
            match modes(c, Ties::All) {
                Modes::All { offsets, values } => {
                    prop_assert_eq!(&values[offsets[g] as usize..offsets[g + 1] as usize], &tied[..]);
                }
                m => prop_assert!(false, "{m:?}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Overlap

proptest! {
    #![proptest_config(config(128))]

    /// Pair weights are plain sums; shares are the pair's weight over its unit's total, within
    /// [0, 1]; huge weights give finite shares or an error, never inf or NaN.
    #[test]
    fn overlap_sums_and_shares_match_a_tally(
        rows in prop::collection::vec((0i64..5, 0i64..5, prop_oneof![4 => 1e-3f64..1e6, 1 => Just(1.5e308), 1 => Just(0.0)]), 1..50),
    ) {
        let l = Int64Array::from(rows.iter().map(|r| r.0).collect::<Vec<_>>());
        let r = Int64Array::from(rows.iter().map(|r| r.1).collect::<Vec<_>>());
        let w = Float64Array::from(rows.iter().map(|r| r.2).collect::<Vec<_>>());
        let mut o = Overlapper::new("l", "r", Some("w"));
        if let Err(e) = o.add_arrays(&l, &r, Some(&w)) {
            prop_assert!(rows.iter().any(|r| r.2 > 1e300), "refused ordinary weights: {e}");
            return Ok(());
        }
        let t = o.finish();
        let mut pairs: BTreeMap<(i64, i64), f64> = BTreeMap::new();
        let (mut lt, mut rt): (BTreeMap<i64, f64>, BTreeMap<i64, f64>) = Default::default();
        for &(a, b, x) in &rows {
            *pairs.entry((a, b)).or_default() += x;
            *lt.entry(a).or_default() += x;
            *rt.entry(b).or_default() += x;
        }
        let (Units::Int(lu), Units::Int(ru)) = (&t.left_units, &t.right_units) else {
            return Err(TestCaseError::fail("integer codes expected"));
        };
        prop_assert_eq!(lu, &lt.keys().copied().collect::<Vec<_>>());
        prop_assert_eq!(ru, &rt.keys().copied().collect::<Vec<_>>());
        prop_assert_eq!(t.weight.len(), pairs.len());
        for (k, ((a, b), &x)) in pairs.iter().enumerate() {
            prop_assert_eq!((lu[t.left[k] as usize], ru[t.right[k] as usize]), (*a, *b));
            let close = |got: f64, want: f64| (got - want).abs() <= 1e-9 * want.abs().max(1e-300) || (got.is_nan() && want.is_nan());
            prop_assert!(close(t.weight[k], x), "weight {} vs {}", t.weight[k], x);
            for (share, total) in [(t.left_share[k], lt[a]), (t.right_share[k], rt[b])] {
                if total == 0.0 {
                    prop_assert!(share.is_nan());
                } else {
                    prop_assert!(share.is_finite() && (0.0..=1.0).contains(&share), "share {share}");
                    if total.is_finite() {
                        prop_assert!((share - x / total).abs() <= 1e-12, "share {} vs {}", share, x / total);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Assignment

/// The largest total weight of any matching, by trying every one.
fn brute_force(n_rows: usize, n_cols: usize, w: &[Vec<f64>]) -> f64 {
    fn go(i: usize, used: u32, n_rows: usize, n_cols: usize, w: &[Vec<f64>]) -> f64 {
        if i == n_rows {
            return 0.0;
        }
        let mut best = go(i + 1, used, n_rows, n_cols, w);
        for j in 0..n_cols {
            if used & (1 << j) == 0 && w[i][j] > 0.0 {
                best = best.max(w[i][j] + go(i + 1, used | 1 << j, n_rows, n_cols, w));
            }
        }
        best
    }
    go(0, 0, n_rows, n_cols, w)
}

proptest! {
    #![proptest_config(config(256))]

    /// The matching is a matching of positive edges, and its total equals the brute-force best.
    #[test]
    fn assignment_is_optimal_on_tiny_graphs(
        n_rows in 1usize..=5, n_cols in 1usize..=5,
        edges in prop::collection::vec((0u32..5, 0u32..5, prop_oneof![3 => 0.0f64..10.0, 1 => (0u32..4).prop_map(f64::from)]), 0..20),
    ) {
        let edges: Vec<(u32, u32, f64)> = edges.into_iter().filter(|e| (e.0 as usize) < n_rows && (e.1 as usize) < n_cols).collect();
        let mut w = vec![vec![0.0f64; n_cols]; n_rows];
        for &(i, j, x) in &edges {
            w[i as usize][j as usize] = w[i as usize][j as usize].max(x);
        }
        let pairs = max_weight_matching(n_rows, n_cols, &edges).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let mut rows_seen = 0u32;
        let mut cols_seen = 0u32;
        let mut total = 0.0;
        for &(i, j) in &pairs {
            prop_assert!(rows_seen & 1 << i == 0 && cols_seen & 1 << j == 0, "not a matching: {pairs:?}");
            rows_seen |= 1 << i;
            cols_seen |= 1 << j;
            prop_assert!(w[i as usize][j as usize] > 0.0, "edge ({i}, {j}) absent or of weight 0");
            total += w[i as usize][j as usize];
        }
        let best = brute_force(n_rows, n_cols, &w);
        prop_assert!((total - best).abs() <= 1e-9 * best.max(1.0), "total {total}, best {best}, pairs {pairs:?}");
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// The duals of a sparse graph (either orientation) are non-negative, cover every edge,
    /// are tight on matched edges and 0 on unmatched rows and columns, and sum to the matched
    /// total; no edge of the graph violates them; the pairs are `max_weight_matching`'s.
    #[test]
    fn assignment_duals_certify_the_matching(
        n_rows in 1usize..=30, n_cols in 1usize..=30,
        edges in prop::collection::vec((0u32..30, 0u32..30, prop_oneof![
            3 => 0.0f64..10.0, 1 => (0u32..4).prop_map(f64::from), 1 => (-20i32..20).prop_map(|e| 10f64.powi(e)),
        ]), 0..120),
    ) {
        let edges: Vec<(u32, u32, f64)> = edges.into_iter().map(|(i, j, w)| (i % n_rows as u32, j % n_cols as u32, w)).collect();
        let (pairs, d) = max_weight_matching_duals_within(n_rows, n_cols, &edges, Cancel::never())
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(&pairs, &max_weight_matching(n_rows, n_cols, &edges).unwrap());
        prop_assert_eq!((d.row.len(), d.col.len()), (n_rows, n_cols));
        prop_assert!(d.row.iter().chain(&d.col).all(|&x| x >= 0.0), "negative dual: {d:?}");
        let tol = DUAL_TOL * edges.iter().map(|e| e.2).fold(0.0, f64::max);
        let mut w = BTreeMap::new();
        for &(i, j, x) in &edges {
            let (u, v) = (d.row[i as usize], d.col[j as usize]);
            prop_assert!(u + v >= x - tol, "edge ({i}, {j}, {x}) not covered: {u} + {v}");
            let best = w.entry((i, j)).or_insert(0.0f64);
            *best = best.max(x);
        }
        let (mut row_used, mut col_used) = (vec![false; n_rows], vec![false; n_cols]);
        let mut total = 0.0;
        for &(i, j) in &pairs {
            let x = w[&(i, j)];
            prop_assert!((d.row[i as usize] + d.col[j as usize] - x).abs() <= tol, "matched edge ({i}, {j}, {x}) not tight: {d:?}");
            row_used[i as usize] = true;
            col_used[j as usize] = true;
            total += x;
        }
        for (i, (&used, &u)) in row_used.iter().zip(&d.row).enumerate() {
            prop_assert!(used || u == 0.0, "unmatched row {i}: {d:?}");
        }
        for (j, (&used, &v)) in col_used.iter().zip(&d.col).enumerate() {
            prop_assert!(used || v == 0.0, "unmatched column {j}: {d:?}");
        }
        let sum: f64 = d.row.iter().chain(&d.col).sum();
        prop_assert!((sum - total).abs() <= tol * pairs.len().max(1) as f64, "duals sum to {sum}, matched total {total}");
        // An edge of the graph is covered, so none but a tight one (counted as violating) is flagged.
        for (&(i, j), &x) in &w {
            let (u, v) = (d.row[i as usize], d.col[j as usize]);
            prop_assert!(!violates(x, u, v) || (u + v - x).abs() <= tol.max(DUAL_TOL * x) * 2.0, "({i}, {j}, {x}) flagged");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sign test and Wilcoxon statistic

/// C(n, k) / 2^n summed over `ks`, directly.
fn binom_half(n: u64, ks: impl Iterator<Item = u64>) -> f64 {
    let pmf = |k: u64| {
        let mut c = 1.0f64;
        for i in 0..k {
            c = c * (n - i) as f64 / (i + 1) as f64;
        }
        c * 0.5f64.powi(n as i32)
    };
    ks.map(pmf).sum()
}

/// Average ranks (1-based) of `v`.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut r = vec![0.0; v.len()];
    for (i, &x) in v.iter().enumerate() {
        let below = v.iter().filter(|&&y| y < x).count() as f64;
        let equal = v.iter().filter(|&&y| y == x).count() as f64;
        r[i] = below + (equal + 1.0) / 2.0;
    }
    r
}

fn differences() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![3 => (-4i32..=4).prop_map(f64::from), 1 => -1e3f64..1e3], 1..40)
}

proptest! {
    #![proptest_config(config(256))]

    /// The sign test's counts and its exact p-value equal a direct binomial sum.
    #[test]
    fn sign_test_matches_the_binomial(d in differences(), alt in 0usize..3) {
        let alternative = [Alternative::TwoSided, Alternative::Less, Alternative::Greater][alt];
        let got = sign_test(&d, alternative).unwrap();
        let pos = d.iter().filter(|&&x| x > 0.0).count() as u64;
        let neg = d.iter().filter(|&&x| x < 0.0).count() as u64;
        prop_assert_eq!((got.n_positive, got.n_negative, got.n_zero), (pos, neg, d.len() as u64 - pos - neg));
        let n = pos + neg;
        let want = match alternative {
            _ if n == 0 => 1.0,
            Alternative::Less => binom_half(n, 0..=pos),
            Alternative::Greater => binom_half(n, pos..=n),
            Alternative::TwoSided => {
                // binomtest: the outcomes no more likely than the one seen
                let p0 = binom_half(n, pos..=pos);
                binom_half(n, (0..=n).filter(|&k| binom_half(n, k..=k) <= p0 * (1.0 + 1e-7))).min(1.0)
            }
        };
        prop_assert!((got.pvalue - want).abs() <= 1e-9 * want.max(1e-300) + 1e-15, "p {} vs {}", got.pvalue, want);
    }

    /// The Wilcoxon rank sums equal a direct ranking of |d| for each zero method, and the
    /// statistic is min(r+, r-) two-sided, r+ otherwise.
    #[test]
    fn wilcoxon_rank_sums_match_a_direct_ranking(d in differences(), zm in 0usize..3, alt in 0usize..3) {
        let zero_method = [ZeroMethod::Wilcox, ZeroMethod::Pratt, ZeroMethod::Zsplit][zm];
        let alternative = [Alternative::TwoSided, Alternative::Less, Alternative::Greater][alt];
        let got = wilcoxon(
            &d,
            &WilcoxonOptions { zero_method, correction: false, method: WilcoxonMethod::Asymptotic, alternative },
            Cancel::never(),
        );
        let ranked: Vec<f64> = if zero_method == ZeroMethod::Wilcox { d.iter().copied().filter(|&x| x != 0.0).collect() } else { d.clone() };
        let r = ranks(&ranked.iter().map(|x| x.abs()).collect::<Vec<_>>());
        let mut plus: f64 = ranked.iter().zip(&r).filter(|(x, _)| **x > 0.0).map(|(_, r)| r).sum();
        let mut minus: f64 = ranked.iter().zip(&r).filter(|(x, _)| **x < 0.0).map(|(_, r)| r).sum();
        if zero_method == ZeroMethod::Zsplit {
            let zeros: f64 = ranked.iter().zip(&r).filter(|(x, _)| **x == 0.0).map(|(_, r)| r).sum();
            plus += zeros / 2.0;
            minus += zeros / 2.0;
        }
        let got = match got {
            Ok(g) => g,
            Err(e) => {
                // only a sample with nothing to rank may be refused
                prop_assert!(d.iter().all(|&x| x == 0.0) || ranked.is_empty(), "refused {d:?}: {e}");
                return Ok(());
            }
        };
        prop_assert!((got.r_plus - plus).abs() <= 1e-9 && (got.r_minus - minus).abs() <= 1e-9,
            "r+ {} r- {} vs {} {}", got.r_plus, got.r_minus, plus, minus);
        let stat = if alternative == Alternative::TwoSided { plus.min(minus) } else { plus };
        prop_assert!((got.statistic - stat).abs() <= 1e-9, "statistic {} vs {}", got.statistic, stat);
        prop_assert!(got.pvalue.is_nan() || (0.0..=1.0).contains(&got.pvalue));
    }
}

// ---------------------------------------------------------------------------------------------
// Crosswalks: apportion and best fit against direct computations

/// Pairs `(source, target, weight)` over 1-5 sources and 1-4 targets, integer weights 0-20.
fn crosswalk_links() -> impl Strategy<Value = (usize, usize, Vec<(u32, u32, f64)>)> {
    (1usize..6, 1usize..5).prop_flat_map(|(ns, nt)| {
        let pair = (0..ns as u32, 0..nt as u32, (0u32..21).prop_map(f64::from));
        (Just(ns), Just(nt), proptest::collection::vec(pair, 1..14))
    })
}

proptest! {
    #![proptest_config(config(64))]

    /// Extensive totals survive (within the stated bound) when every source with a value has
    /// weight; coverage lies in [0, 1]; intensive values lie within their sources' range; level
    /// shares add up to 1 per covered target; the best fit holds at least the runner-up's share
    /// and the most weight of any partner.
    #[test]
    fn crosswalk_kernels_keep_their_properties(
        (ns, nt, pairs) in crosswalk_links(),
        vals in proptest::collection::vec(proptest::option::of(-100i64..100), 5),
    ) {
        use coterminous::crosswalk::apportion::{apportion, Kind, Out, Request};
        use coterminous::crosswalk::{best_fit::best_fit, Links};
        let source: Vec<u32> = pairs.iter().map(|p| p.0).collect();
        let target: Vec<u32> = pairs.iter().map(|p| p.1).collect();
        let weight: Vec<f64> = pairs.iter().map(|p| p.2).collect();
        let links = Links { source: &source, target: &target, weight: &weight, n_sources: ns, n_targets: nt };
        let values: Vec<f64> = vals[..ns].iter().map(|v| v.unwrap_or(0) as f64).collect();
        let levels: Vec<i64> = vals[..ns].iter().map(|v| v.unwrap_or(0).rem_euclid(4) + 1).collect();
        let nulls: Vec<bool> = vals[..ns].iter().map(|v| v.is_none()).collect();
        let col = Column::new("x", Values::F64(&values)).with_nulls(Some(&nulls));
        let lev = Column::new("r", Values::I64(&levels)).with_nulls(Some(&nulls));
        let rows: Vec<i64> = (0..ns as i64).collect();
        let ties = Ties::Low;
        let reqs = [
            Request { column: col, kind: Kind::Extensive },
            Request { column: col, kind: Kind::Intensive },
            Request { column: lev, kind: Kind::Levels { min: 1, max: 4, median: true, mean: false, ties } },
        ];
        let out = apportion(&links, &rows, ns, &reqs, Cancel::never()).unwrap();
        let totals = links.source_totals();
        for m in &out.columns {
            prop_assert!(m.coverage.iter().all(|c| c.is_nan() || (0.0..=1.0 + 1e-12).contains(c)));
        }
        match &out.columns[0].out {
            Out::Extensive { totals: t, .. } => {
                let all_split = (0..ns).all(|s| nulls[s] || totals[s] > 0.0);
                prop_assert!(!all_split || (t.target - t.source).abs() <= t.bound, "{t:?}");
            }
            o => prop_assert!(false, "{o:?}"),
        }
        match &out.columns[1].out {
            Out::Intensive { values: moved } => {
                for (t, &v) in moved.iter().enumerate() {
                    if out.columns[1].null[t] { continue; }
                    let src: Vec<f64> = pairs.iter()
                        .filter(|p| p.1 as usize == t && p.2 > 0.0 && !nulls[p.0 as usize])
                        .map(|p| values[p.0 as usize]).collect();
                    let (lo, hi) = src.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
                    prop_assert!(lo - 1e-9 <= v && v <= hi + 1e-9, "{v} outside {lo}..{hi}");
                }
            }
            o => prop_assert!(false, "{o:?}"),
        }
        match &out.columns[2].out {
            Out::Levels { shares, n_levels, .. } => {
                for t in 0..nt {
                    let sum: f64 = shares[t * n_levels..(t + 1) * n_levels].iter().sum();
                    prop_assert!(out.columns[2].null[t] || (sum - 1.0).abs() <= 1e-12, "target {t}: {sum}");
                }
            }
            o => prop_assert!(false, "{o:?}"),
        }
        let b = best_fit(&links, Cancel::never()).unwrap();
        for (s, &total) in totals.iter().enumerate() {
            let mut per: BTreeMap<u32, f64> = BTreeMap::new();
            for p in pairs.iter().filter(|p| p.0 as usize == s) {
                *per.entry(p.1).or_default() += p.2;
            }
            let most = per.values().copied().fold(0.0, f64::max);
            if total > 0.0 {
                let first = per.iter().find(|(_, &w)| w == most).map(|(&t, _)| i64::from(t));
                prop_assert_eq!(Some(b.best[s]), first);
                prop_assert!(b.runner_up_share[s].is_nan() || b.share[s] >= b.runner_up_share[s]);
            } else {
                prop_assert_eq!(b.best[s], -1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names: a score does not depend on the order of the words

/// Normalised names of 1-90 words (more than 64 takes the long path) over a small vocabulary
/// with words at one edit of each other (so typo matches count too).
fn name_words() -> impl Strategy<Value = Vec<&'static str>> {
    const VOCAB: [&str; 14] = [
        "kilo", "bath", "ely", "harrow", "harrows", "sharrow", "leeds", "leedss", "north", "and", "york", "yorkk",
        "derby", "wigan",
    ];
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(&VOCAB[..]), 1..8),
        proptest::collection::vec(proptest::sample::select(&VOCAB[..]), 60..90),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// A name's words permuted score exactly as the name itself, on either side, bit for bit;
    /// a name against its own permutation scores exactly 100; equal words, equal scores.
    #[test]
    fn name_scores_do_not_depend_on_word_order(
        (words, shuffled) in name_words().prop_flat_map(|w| (Just(w.clone()), Just(w).prop_shuffle())),
        others in proptest::collection::vec(name_words(), 0..5),
    ) {
        use coterminous::pairing::names::NameIndex;
        let name = words.join(" ");
        let perm = shuffled.join(" ");
        let mut left = vec![Some(name.clone()), Some(perm.clone())];
        let mut right = vec![Some(perm), Some(name)];
        for o in &others {
            left.push(Some(o.join(" ")));
            right.push(Some(o.join(" ")));
        }
        let idx = NameIndex::new(&left, &right).unwrap();
        prop_assert_eq!(idx.score(0, 0).to_bits(), 100f64.to_bits());
        prop_assert_eq!(idx.score(0, 1).to_bits(), 100f64.to_bits());
        prop_assert_eq!(idx.score(1, 0).to_bits(), 100f64.to_bits());
        for j in 0..right.len() {
            prop_assert_eq!(idx.score(0, j).to_bits(), idx.score(1, j).to_bits(), "right {}", j);
        }
        for i in 0..left.len() {
            prop_assert_eq!(idx.score(i, 0).to_bits(), idx.score(i, 1).to_bits(), "left {}", i);
        }
        // the same call twice: the same scores (no hash-order sums)
        let again = NameIndex::new(&left, &right).unwrap();
        for i in 0..left.len() {
            for j in 0..right.len() {
                prop_assert_eq!(idx.score(i, j).to_bits(), again.score(i, j).to_bits());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names: a chosen pair is explained as the candidates table explains the same two names

/// Names as written: words of a small vocabulary (typos among them), and acronyms of the
/// full names among them ("GOSH", "SLaM", "RUH Bath").
fn written_name() -> impl Strategy<Value = String> {
    const WORDS: [&str; 16] = [
        "Great", "Ormond", "Street", "Hospital", "for", "Children", "South", "London", "and", "Maudsley", "Maudsly",
        "Royal", "United", "Bath", "NHS", "Trust",
    ];
    const SHORT: [&str; 5] = ["GOSH", "SLaM", "RUH Bath", "GOSHC", "RUH"];
    prop_oneof![
        3 => proptest::collection::vec(proptest::sample::select(&WORDS[..]), 1..7).prop_map(|w| w.join(" ")),
        1 => proptest::sample::select(&SHORT[..]).prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// `explain_pairs` gives every candidate pair the explanation `name_candidates` gives it
    /// (every candidate kept), with blocks or without.
    #[test]
    fn pairs_are_explained_as_candidates(
        left in proptest::collection::vec(written_name(), 1..8),
        right in proptest::collection::vec(written_name(), 1..8),
        codes in proptest::collection::vec(-1i64..2, 16),
        blocked in any::<bool>(),
    ) {
        use coterminous::pairing::names::{explain_pairs, name_candidates, CandidateHow, CandidateOptions, Normalizer};
        let norm = Normalizer::builtin().unwrap();
        let l: Vec<Option<&str>> = left.iter().map(|s| Some(s.as_str())).collect();
        let r: Vec<Option<&str>> = right.iter().map(|s| Some(s.as_str())).collect();
        let (lb, rb) = (&codes[..l.len()], &codes[8..8 + r.len()]);
        let blocks = blocked.then_some((lb, rb));
        let opts = CandidateOptions { min_score: 10.0, k: r.len(), how: CandidateHow::Inner, explain: true };
        let rows = name_candidates(&l, &r, blocks, &norm, &opts, Cancel::never()).unwrap();
        let pairs: Vec<(u32, u32)> = rows.iter().map(|row| (row.left.unwrap(), row.right.unwrap())).collect();
        let whys = explain_pairs(&l, &r, blocks, &norm, 10.0, &pairs, Cancel::never()).unwrap();
        for (row, why) in rows.iter().zip(&whys) {
            prop_assert_eq!(row.why.as_ref(), Some(why), "{:?}", (row.left, row.right));
        }
    }
}
