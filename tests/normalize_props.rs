//! Property tests for the normalize stage: folding is idempotent, parsing never panics,
//! numbers round-trip through separators and full-width digits, eras round-trip.

// The numbers generated stay below 2^53, where a u64 converts to f64 exactly.
#![allow(clippy::cast_precision_loss)]

use proptest::prelude::*;
use sheetwash::normalize::{
    Era, ValueContext, era_to_gregorian, fold_text, gregorian_to_era, parse,
};

/// Writes `n` with thousands separators (`,` or `，`) and optionally full-width digits.
fn written(n: u64, sep: char, wide: bool) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(if wide { char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c) } else { c });
    }
    out
}

proptest! {
    // Folding
    #[test]
    fn fold_is_idempotent(s in "\\PC{0,40}") {
        let once = fold_text(&s).into_owned();
        let twice = fold_text(&once).into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn fold_is_idempotent_on_mixed_text(s in "[ 　a-zA-ZＡ-Ｚ0-9０-９ｦ-ﾟ人年度万千,.～〜\\-ー－△①㎡]{0,30}") {
        let once = fold_text(&s).into_owned();
        prop_assert_eq!(fold_text(&once).into_owned(), once);
    }

    // Parsing never panics and keeps raw
    #[test]
    fn parse_never_panics(s in "\\PC{0,60}") {
        let p = parse(&s, &ValueContext::default());
        prop_assert_eq!(p.value.raw, s);
    }

    #[test]
    fn parse_never_panics_on_digit_runs(d in "[0-9]{20,80}", tail in "(万|億|千|兆|円|人|%|年度|\\.5)*") {
        let s = format!("{d}{tail}");
        let _ = parse(&s, &ValueContext::default());
        let _ = parse(&format!("H{d}"), &ValueContext::default());
        let _ = parse(&format!("R1~{d}"), &ValueContext::default());
    }

    #[test]
    fn parse_never_panics_on_value_like_text(s in "[△▲+\\-(（)）0-9,.万億千百十兆円人%年度月日HR元令和~～〜/・: ]{0,30}") {
        let _ = parse(&s, &ValueContext::default());
    }

    // Numbers round-trip
    #[test]
    fn numbers_round_trip(n in 0u64..1_000_000_000_000, sep in prop::sample::select(vec![',', '，']), wide: bool) {
        let s = written(n, sep, wide);
        let p = parse(&s, &ValueContext::default());
        prop_assert_eq!(p.value.value, Some(n as f64), "{}", s);
        let q = parse(&format!("{s}人"), &ValueContext::default());
        prop_assert_eq!(q.value.value, Some(n as f64), "{}人", s);
    }
}

// Eras
#[test]
fn every_year_round_trips() {
    for year in 1868..=2100 {
        let (era, n) = gregorian_to_era(year).unwrap();
        assert_eq!(era_to_gregorian(era, n), Some(year), "{year}");
    }
}

#[test]
fn every_era_year_round_trips() {
    for era in Era::ALL {
        let last = era.last_era_year().unwrap_or(2100 - 2018);
        for n in 1..=last {
            let year = era_to_gregorian(era, n).unwrap();
            let back = gregorian_to_era(year).unwrap();
            // The last year of an era is also year 1 of the next (H31 = R1 = 2019).
            assert!(back == (era, n) || back.1 == 1, "{era:?} {n} -> {year} -> {back:?}");
            let text = format!("{}{n}年度", era.letter());
            assert_eq!(parse(&text, &ValueContext::default()).value.year, Some(year), "{text}");
        }
    }
}
