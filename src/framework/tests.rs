//! Tests of the framework model, its validation and rule evaluation.

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
    assert_eq!(cpa().overall_of(&[Some(4), Some(4), Some(3), Some(3), Some(3)]), Ok(Some(4)));
    assert!(matches!(cpa().overall_of(&[Some(4)]), Err(Error::Value { .. })));
    assert!(matches!(builtin("ale").unwrap().overall_of(&[Some(1); 5]), Err(Error::Framework { .. })));
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
    let empty = r#"{"name":"x","title":"X","themes":[],"scale":{"min":1,"max":1,"labels":[{"value":1,"label":"l"}]}}"#;
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

/// The CQC's published rule for local authorities, written out by hand: the percentage of
/// the maximum over the assessed statements, rounded to the nearest whole percentage
/// (halves up), banded 25-38 inadequate (1), 39-62 requires improvement (2), 63-87 good (3),
/// 88 and above outstanding (4).
fn cqc_reference(scores: &[Option<i64>]) -> Option<i64> {
    let got: Vec<i64> = scores.iter().flatten().copied().collect();
    if got.is_empty() {
        return None;
    }
    let (t, m) = (got.iter().sum::<i64>() * 100, got.len() as i64 * 4);
    let p = (2 * t + m) / (2 * m);
    Some(match p {
        88.. => 4,
        63..=87 => 3,
        39..=62 => 2,
        _ => 1,
    })
}

#[test]
fn cqc_rule_matches_the_published_bands_on_every_combination_with_gaps() {
    let fw = builtin("cqc_la_assessment").unwrap();
    assert_eq!(fw.themes.len(), 9);
    assert_eq!(fw.groups.len(), 4);
    // each statement 1-4 or not assessed: 5^9 rows would be slow in debug; take every total
    // with all nine assessed plus every pattern of gaps on a few score vectors.
    for code in 0..(1u32 << 18) {
        let s: Vec<Option<i64>> = (0..9).map(|j| Some(((code >> (2 * j)) & 3) as i64 + 1)).collect();
        if code % 7 == 0 {
            assert_eq!(fw.overall_of(&s).unwrap(), cqc_reference(&s), "{s:?}");
        }
    }
    for gaps in 0..(1u32 << 9) {
        for base in [[1i64, 2, 3, 4, 1, 2, 3, 4, 1], [2, 2, 2, 1, 1, 2, 2, 2, 1], [4, 3, 4, 3, 4, 3, 4, 3, 3]] {
            let s: Vec<Option<i64>> = (0..9).map(|j| (gaps >> j & 1 == 0).then_some(base[j])).collect();
            assert_eq!(fw.overall_of(&s).unwrap(), cqc_reference(&s), "{s:?}");
        }
    }
    // 14 of 36 is 38.9 %: rounded to 39, requires improvement; 13 of 36 (36.1 %) inadequate
    let row = |total: i64| -> Vec<Option<i64>> {
        let mut s = vec![Some(1i64); 9];
        for i in 0..(total - 9) as usize {
            s[i % 9] = Some(s[i % 9].unwrap() + 1);
        }
        s
    };
    assert_eq!(fw.overall_of(&row(14)).unwrap(), Some(2));
    assert_eq!(fw.overall_of(&row(13)).unwrap(), Some(1));
    assert_eq!(fw.overall_of(&row(22)).unwrap(), Some(2));
    assert_eq!(fw.overall_of(&row(23)).unwrap(), Some(3));
    assert_eq!(fw.overall_of(&row(31)).unwrap(), Some(3));
    assert_eq!(fw.overall_of(&row(32)).unwrap(), Some(4));
    assert_eq!(fw.overall_of(&[None; 9]).unwrap(), None);
}

#[test]
fn percent_rounding_at_the_edges() {
    let b = Bound { at_least: Some(39), at_most: None };
    // 38.5 % = 77 / 200
    assert!(percent_holds(77, 200, Rounding::HalfUp, b));
    assert!(!percent_holds(77, 200, Rounding::Down, b));
    assert!(!percent_holds(77, 200, Rounding::None, b));
    // 38.49.. % rounds down under every rule
    assert!(!percent_holds(3849, 10000, Rounding::HalfUp, b));
    assert!(percent_holds(39, 100, Rounding::None, b));
    let at_most = Bound { at_least: None, at_most: Some(38) };
    assert!(percent_holds(389, 1000, Rounding::Down, at_most));
    assert!(!percent_holds(389, 1000, Rounding::None, at_most));
}

fn percent_holds(t: i64, d: i64, r: Rounding, b: Bound) -> bool {
    rules::percent_within(t, d, r, b)
}

#[test]
fn extreme_integers_are_refused_with_their_path() {
    let min = i64::MIN.to_string();
    let doc = GOOD.replace(r#""min":1,"max":2"#, &format!(r#""min":{min},"max":{min}"#));
    assert_eq!(err_path(&doc), "$.scale.min");
    let doc = GOOD.replace(r#""min":1"#, r#""min":-16777217"#);
    assert_eq!(err_path(&doc), "$.scale.min");
    let with_rule = |overall: &str, default: &str, bound: &str| {
        GOOD.replace(
            "}]}}",
            &format!(
                r#"}}]}}, "overall":{{"rules":[{{"overall":{overall},"when":[{{"total":{{"at_least":{bound}}}}}]}}],"default":{default}}}}}"#
            ),
        )
    };
    assert!(Framework::from_json(&with_rule("2", "1", "3")).is_ok());
    assert_eq!(err_path(&with_rule(&min, "1", "3")), "$.overall.rules[0].overall");
    assert_eq!(err_path(&with_rule("2", &min, "3")), "$.overall.default");
    assert_eq!(err_path(&with_rule("2", "1", &min)), "$.overall.rules[0].when[0].total.at_least");
    assert_eq!(err_path(&with_rule("2", "1", "1073741825")), "$.overall.rules[0].when[0].total.at_least");
    assert!(Framework::from_json(&with_rule("16777216", "-16777216", "1073741824")).is_ok());
    assert_eq!(err_path(&with_rule("2", "1", "99999999999999999999")), "$.overall.rules[0].when[0].total.at_least");
}

#[test]
fn overall_of_checks_the_scale() {
    let err = cpa().overall_of(&[Some(99); 5]).unwrap_err();
    assert!(matches!(err, Error::Score { .. }), "{err:?}");
    assert!(
        err.to_string().contains("theme \"financial_reporting\" (position 0): 99 is not an integer from 1 to 4"),
        "{err}"
    );
    let err = cpa().overall_of(&[Some(4), Some(4), Some(3), Some(3), Some(0)]).unwrap_err();
    assert!(err.to_string().contains("\"value_for_money\" (position 4): 0"), "{err}");
}

#[test]
fn groups_labels_direction_and_their_errors() {
    let grouped = r#"{"name":"g","title":"G","groups":[{"key":"x","label":"X"},{"key":"y","label":"Y"}],
        "themes":[{"key":"a","label":"A","group":"x"},{"key":"b","label":"B","group":"x"},{"key":"c","label":"C","group":"y"}],
        "scale":{"min":1,"max":4,"direction":"lower_is_better","labels":[{"value":1,"label":"1"},{"value":2,"label":"2"},{"value":3,"label":"3"},{"value":4,"label":"4"}]},
        "overall":{"rules":[{"overall":1,"when":[{"max":{"group":"x","at_most":1}}]}],"default":2,
        "labels":[{"value":1,"label":"best"},{"value":2,"label":"other"}]}}"#;
    let fw = Framework::from_json(grouped).unwrap();
    assert_eq!(fw.scale.direction, Direction::LowerIsBetter);
    assert_eq!(Framework::from_json(&fw.to_json()).unwrap(), fw);
    let rules = fw.compiled_rules().unwrap();
    assert_eq!(rules.evaluate(&[1, 1, 4]), 1);
    assert_eq!(rules.evaluate(&[1, 2, 1]), 2);
    assert_eq!(rules.evaluate_assessed(&[1, 2, 1], &[true, false, true]), 1);
    // a max over no assessed theme does not hold
    assert_eq!(rules.evaluate_assessed(&[1, 1, 1], &[false, false, true]), 2);
    assert_eq!(err_path(&grouped.replace(r#""group":"y""#, r#""group":"z""#)), "$.themes[2].group");
    assert_eq!(
        err_path(&grouped.replace(r#""group":"x","at_most""#, r#""group":"q","at_most""#)),
        "$.overall.rules[0].when[0].max.group"
    );
    assert_eq!(
        err_path(&grouped.replace(r#""group":"x","at_most""#, r#""group":"x","themes":["a"],"at_most""#)),
        "$.overall.rules[0].when[0].max"
    );
    assert_eq!(
        err_path(&grouped.replace(r#"{"value":2,"label":"other"}"#, r#"{"value":3,"label":"other"}"#)),
        "$.overall.labels"
    );
    assert_eq!(
        err_path(&grouped.replace(r#"{"value":2,"label":"other"}"#, r#"{"value":1,"label":"other"}"#)),
        "$.overall.labels[1].value"
    );
    assert_eq!(err_path(&grouped.replace(r#""group":"y"}"#, r#""group":"x"}"#)), "$.groups[1]");
    assert_eq!(err_path(&grouped.replace("lower_is_better", "sideways")), "$.scale.direction");
    let percent = grouped.replace(r#"{"max":{"group":"x","at_most":1}}"#, r#"{"percent":{"at_least":50}}"#);
    assert_eq!(err_path(&percent), "$.overall.percent_rounding");
    assert!(
        Framework::from_json(&percent.replace(r#""default":2,"#, r#""default":2,"percent_rounding":"down","#)).is_ok()
    );
    let negative = percent
        .replace(r#""min":1,"#, r#""min":0,"#)
        .replace(r#"{"value":1,"label":"1"},"#, r#"{"value":0,"label":"0"},{"value":1,"label":"1"},"#);
    assert!(
        Framework::from_json(&negative.replace(r#""default":2,"#, r#""default":2,"percent_rounding":"down","#)).is_ok()
    );
    let negative = negative
        .replace(r#""min":0,"#, r#""min":-1,"#)
        .replace(r#"{"value":0,"#, r#"{"value":-1,"label":"-1"},{"value":0,"#);
    assert_eq!(
        err_path(&negative.replace(r#""default":2,"#, r#""default":2,"percent_rounding":"down","#)),
        "$.overall.rules[0].when[0].percent"
    );
}

mod given {
    use proptest::prelude::*;

    use super::*;

    /// A score as a caller may give it: a whole or fractional float, an integer in or far out
    /// of range, or something that is no number.
    fn given() -> impl Strategy<Value = Given> {
        prop_oneof![
            (-2i64..7).prop_map(|v| Given::Number(Raw::Int(v.into()))),
            (-2i64..7).prop_map(|v| Given::Number(Raw::Float(v as f64))),
            any::<f64>().prop_map(|v| Given::Number(Raw::Float(v))),
            any::<i128>().prop_map(|v| Given::Number(Raw::Int(v))),
            Just(Given::Other("True".into())),
        ]
    }

    proptest! {
        /// Whole numbers in the scale score as the integers they equal (the rule evaluated by
        /// hand, `reference`); anything else is a score error naming the value unrounded.
        #[test]
        fn overall_of_given_refuses_what_is_not_a_whole_score(row in proptest::collection::vec(given(), 5)) {
            let fw = cpa();
            let whole: Vec<Option<i64>> = row.iter().map(|g| match g {
                Given::Number(Raw::Int(v)) => i64::try_from(*v).ok().filter(|v| (1..=4).contains(v)),
                Given::Number(Raw::Float(f)) => (f.fract() == 0.0 && (1.0..=4.0).contains(f)).then_some(*f as i64),
                Given::Other(_) => None,
            }).collect();
            let got = fw.overall_of_given(&row.iter().cloned().map(Some).collect::<Vec<_>>());
            if whole.iter().all(Option::is_some) {
                let ints: Vec<i64> = whole.iter().map(|v| v.unwrap()).collect();
                prop_assert_eq!(got, Ok(Some(reference(&ints))));
            } else {
                let j = whole.iter().position(Option::is_none).unwrap();
                let e = got.unwrap_err();
                prop_assert!(matches!(e, Error::Score { .. }), "{:?}", e);
                let expected = format!("(position {j}): {} is not an integer from 1 to 4", row[j].text());
                prop_assert!(e.to_string().contains(&expected), "{} lacks {}", e, expected);
            }
        }

        /// A document whose integers are written as whole floats is the same framework.
        #[test]
        fn integers_written_as_whole_floats_read_the_same(mask in any::<u64>()) {
            fn float(v: &mut serde_json::Value, mask: u64, k: &mut u32) {
                match v {
                    serde_json::Value::Number(n) if n.is_i64() => {
                        *k += 1;
                        if mask >> (*k % 64) & 1 == 1 {
                            *v = serde_json::json!(n.as_i64().unwrap() as f64);
                        }
                    }
                    serde_json::Value::Array(a) => a.iter_mut().for_each(|x| float(x, mask, k)),
                    serde_json::Value::Object(o) => o.values_mut().for_each(|x| float(x, mask, k)),
                    _ => {}
                }
            }
            for fw in [cpa(), builtin("cqc_la_assessment").unwrap()] {
                let mut doc: serde_json::Value = serde_json::from_str(&fw.to_json()).unwrap();
                float(&mut doc, mask, &mut 0);
                let text = doc.to_string();
                prop_assert_eq!(Framework::from_json(&text), Ok(fw.clone()));
                prop_assert_eq!(Framework::from_json(&text).unwrap().to_json(), fw.to_json());
            }
        }
    }
}
