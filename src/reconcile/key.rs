//! Matching keys for names across editions (field guide §7.7) and their similarity.
//!
//! A key is built from [`normalize::match_key`] (safe fold, spaces removed, marks unified),
//! then: a leading move marker (`2(4)から移動`) and circled or bracketed enumerator (`①`,
//! `(1)`, `【(2)…】`) are stripped, quote and lenticular brackets (`「」『』【】《》〈〉`)
//! removed, a trailing since-year suffix (`(H27)`, `(R4~)`, `(H28～)`, `(2020R2～2024R6年)`)
//! stripped, and the reviewed OCR dictionary of §7.1 applied. Keys are never shown as names;
//! records keep their names as printed.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize;

/// Reviewed OCR confusions (field guide §7.1), printed → intended. Applied to keys only.
pub(crate) const OCR_DICTIONARY: [(&str, &str); 22] = [
    ("小都市", "小郡市"),
    ("七塔", "七夕"),
    ("セタ", "七夕"),
    ("電カ", "電力"),
    ("同和对教育", "同和教育"),
    ("校長長寿命化", "校舎長寿命化"),
    ("生徒にわたって", "生涯にわたって"),
    ("緑石", "縁石"),
    ("共用開始", "供用開始"),
    ("レンビ", "レシピ"),
    ("府内", "庁内"),
    ("共働", "協働"),
    ("緒入", "歳入"),
    ("マスターplan", "マスタープラン"),
    ("思ふ", "思う"),
    ("田丸丸", "田主丸"),
    ("田ま丸", "田主丸"),
    ("くろめ", "くるめ"),
    ("特定検診", "特定健診"),
    ("シニアプラザ", "シティプラザ"),
    ("青バト", "青パト"),
    ("産学官全労", "産学官金労"),
];

/// A trailing period in brackets: `(H27)`, `(R4~)`, `(H27~R1)`, `(2020R2~2024R6年)`,
/// `(R7-11)`. Only era letters, digits, 年/年度 and range marks may appear inside.
static SINCE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:[0-9]{4})?[HRSMTＨＲ]?[0-9]{1,4}(?:年度?)?(?:[~\-](?:[0-9]{4})?[HRS]?[0-9]{0,4}(?:年度?)?)?\)$")
        .unwrap_or_else(|_| unreachable!())
});

/// A leading move marker: `2(4)から移動`, `3(1)から一部移動`.
static MOVE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]+\([0-9]+\)(?:から|へ)(?:一部)?移動").unwrap_or_else(|_| unreachable!())
});

/// A leading enumerator: `①`, `(1)`, `1.`, `No.3`.
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\u{2460}-\u{2473}\u{3251}-\u{325F}\u{32B1}-\u{32BF}]+|\([0-9]+\)|[0-9]+\.(?:[^0-9]|$))")
        .unwrap_or_else(|_| unreachable!())
});

/// Brackets that only quote or decorate; removed from keys.
const DECORATIVE_BRACKETS: [char; 12] =
    ['「', '」', '『', '』', '【', '】', '《', '》', '〈', '〉', '[', ']'];

/// The matching key of a name, and the OCR corrections applied to build it (`from → to`).
pub(crate) fn name_key(raw: &str) -> (String, Vec<String>) {
    let mut key = normalize::match_key(raw).replace('（', "(").replace('）', ")");
    key.retain(|c| !DECORATIVE_BRACKETS.contains(&c));
    key = MOVE_PREFIX.replace(&key, "").into_owned();
    key = strip_enumerator(&key);
    while let Some(m) = SINCE_SUFFIX.find(&key) {
        if m.start() == 0 {
            break;
        }
        key.truncate(m.start());
    }
    let mut corrections = Vec::new();
    for (from, to) in OCR_DICTIONARY {
        if key.contains(from) {
            key = key.replace(from, to);
            corrections.push(format!("{from} → {to}"));
        }
    }
    (key, corrections)
}

/// Strips one leading enumerator unless nothing would be left.
fn strip_enumerator(key: &str) -> String {
    let Some(m) = ENUMERATOR.find(key) else { return key.to_owned() };
    let end = if key.get(m.start()..m.end()).is_some_and(|s| s.ends_with('.')) {
        m.end()
    } else {
        // `1.x`: the match took one character after the dot; keep it.
        key.get(..m.end()).and_then(|s| s.char_indices().last()).map_or(m.end(), |(i, c)| {
            if c == '.' || !key.get(..i).is_some_and(|p| p.ends_with('.')) { m.end() } else { i }
        })
    };
    let rest = key.get(end..).unwrap_or_default();
    if rest.is_empty() { key.to_owned() } else { rest.to_owned() }
}

/// Similarity of two keys between 0 and 1: the larger of the normalized Levenshtein similarity and
/// the Sørensen–Dice coefficient of character bigrams (robust to an inserted word).
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let edit = strsim::normalized_levenshtein(a, b).max(strsim::sorensen_dice(a, b));
    edit.max(containment(a, b))
}

/// Similarity of a name printed inside a longer one (`②観光資源及び地域資源の活用
/// 観光地域づくりの推進`, an old and a new name run together): `0.5 + 0.5 * short / long`
/// when the shorter key has at least six characters, else 0.
fn containment(a: &str, b: &str) -> f64 {
    /// Shorter keys (`人口`) are inside too many names to mean anything.
    const MIN_CONTAINED: usize = 6;
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long, ls, ll) = if la <= lb { (a, b, la, lb) } else { (b, a, lb, la) };
    if ls < MIN_CONTAINED || !long.contains(short) {
        return 0.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "name lengths are far below 2^52")]
    let ratio = ls as f64 / ll as f64;
    0.5 + 0.5 * ratio
}

#[cfg(test)]
mod tests {
    use super::*;

    // Suffixes and prefixes
    #[test]
    fn since_year_suffixes_and_markers_are_stripped() {
        let key = |raw| name_key(raw).0;
        assert_eq!(key("創業者数(H27)"), "創業者数");
        assert_eq!(key("農業後継者を含む新規就農者数(H27~)"), "農業後継者を含む新規就農者数");
        assert_eq!(
            key("民間開発による企業立地の支援件数 (H28~)"),
            "民間開発による企業立地の支援件数"
        );
        assert_eq!(key("空き家バンク登録物件数(H30～)"), "空き家バンク登録物件数");
        assert_eq!(key("2(4)から移動 空き家バンク登録物件数(H30～)"), "空き家バンク登録物件数");
        assert_eq!(key("人口の社会増(2020R2～2024R6年)"), "人口の社会増");
        assert_eq!(key("人口の社会増加数(R7-11)"), "人口の社会増加数");
        assert_eq!(
            key("公共下水道普及率(=処理人口/行政区域内人口)"),
            "公共下水道普及率(=処理人口/行政区域内人口)"
        );
        assert_eq!(key("①企業誘致の推進"), "企業誘致の推進");
        assert_eq!(key("【(1)市の魅力発信強化】"), "市の魅力発信強化");
        assert_eq!(key("「七塔ブランド」"), "七夕ブランド");
    }

    // OCR dictionary
    #[test]
    fn ocr_corrections_are_reported() {
        let (key, fixes) = name_key("子育てしやすいまちだと思ふ市民の割合");
        assert_eq!(key, "子育てしやすいまちだと思う市民の割合");
        assert_eq!(fixes, ["思ふ → 思う"]);
    }

    // Similarity
    #[test]
    fn renamed_indicators_are_similar() {
        let s = similarity("年間観光入込調査人数", "年間観光入込客数");
        assert!(s >= 0.6, "{s}");
        assert!(similarity("移住相談件数", "小郡運動公園及び小郡市体育館年間利用者数") < 0.3);
    }
}
