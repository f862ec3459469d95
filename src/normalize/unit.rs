//! Units: the short run of unit characters after a number (`人`, `千人/年` after its scale,
//! `g/人・日`, `回/ 人・年`, `アクセス/月`, `㎡`, `ha`, `%`).
//!
//! A unit is a known base unit, or a short katakana word, optionally followed by `/` and a
//! denominator (`人・日`, `4年`). Prose after a number is not a unit: `1号事業`, `4市2町`
//! and `3D都市モデル` stay text. Spaces inside a unit are dropped (`回/人・年`).

use crate::model::ValueKind;

/// Known base units, longest first where one is a prefix of another.
const BASES: &[&str] = &[
    "事業所",
    "事業",
    "法人",
    "校区",
    "学年",
    "箇所",
    "か所",
    "ヶ所",
    "ケ所",
    "カ所",
    "地域",
    "組織",
    "店舗",
    "投稿",
    "施設",
    "区画",
    "時間",
    "世帯",
    "団体",
    "企業",
    "人泊",
    "人日",
    "種類",
    "講座",
    "教室",
    "路線",
    "か月",
    "ヵ月",
    "ヶ月",
    "カ月",
    "ヵ年",
    "か年",
    "ヶ年",
    "人",
    "名",
    "件",
    "社",
    "校",
    "区",
    "戸",
    "品",
    "店",
    "回",
    "日",
    "点",
    "台",
    "円",
    "倍",
    "歳",
    "年",
    "月",
    "週",
    "本",
    "冊",
    "枚",
    "個",
    "棟",
    "基",
    "園",
    "館",
    "軒",
    "泊",
    "便",
    "分",
    "票",
    "頭",
    "種",
    "%",
    "㎡",
    "㎞",
    "㎏",
    "ha",
    "kWh",
    "km",
    "kg",
    "g",
    "t",
    "m",
];

/// Units of a denominator (`/人・日`, `/年`).
const DENOMS: &[&str] =
    &["時間", "世帯", "人", "日", "年", "月", "週", "回", "件", "戸", "校", "台"];

/// A unit read after a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The unit with spaces removed.
    pub text: String,
    /// Bytes read, spaces included.
    pub len: usize,
}

/// Reads a base unit: a known one, or a katakana word of up to six characters.
fn base(s: &str) -> Option<&str> {
    if let Some(b) = BASES.iter().find(|b| s.starts_with(**b)) {
        return Some(b);
    }
    let len: usize =
        s.chars().take_while(|c| matches!(c, 'ァ'..='ヺ' | 'ー')).take(7).map(char::len_utf8).sum();
    let word = s.get(..len)?;
    (word.chars().count() >= 2 && word.chars().count() <= 6 && !word.starts_with('ー'))
        .then_some(word)
}

/// Reads a denominator: optional digits, then units joined by `・`.
fn denominator(s: &str) -> Option<(String, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let mut out = s.get(..digits)?.to_owned();
    let mut pos = digits;
    loop {
        let rest = s.get(pos..)?;
        let d = DENOMS.iter().find(|d| rest.starts_with(**d))?;
        out.push_str(d);
        pos += d.len();
        let after = skip_spaces(s.get(pos..)?);
        match after.strip_prefix('・') {
            Some(more) if DENOMS.iter().any(|d| skip_spaces(more).starts_with(d)) => {
                out.push('・');
                pos = s.len() - skip_spaces(more).len();
            }
            _ => return Some((out, pos)),
        }
    }
}

/// `s` without leading spaces.
fn skip_spaces(s: &str) -> &str {
    s.trim_start_matches(' ')
}

/// Reads a unit at the start of `s` (no leading space).
pub(crate) fn leading_unit(s: &str) -> Option<Unit> {
    let b = base(s)?;
    let mut text = b.to_owned();
    let mut len = b.len();
    let after = skip_spaces(s.get(len..)?);
    if let Some(rest) = after.strip_prefix('/') {
        let rest_trim = skip_spaces(rest);
        if let Some((d, dlen)) = denominator(rest_trim) {
            text.push('/');
            text.push_str(&d);
            len = s.len() - rest_trim.len() + dlen;
        }
    }
    Some(Unit { text, len })
}

/// The kind of a value with this unit (after its scale): percent, money or quantity.
pub(crate) fn kind_of(unit: &str) -> ValueKind {
    match unit {
        "%" => ValueKind::Percent,
        "円" => ValueKind::Money,
        _ => ValueKind::Quantity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(s: &str) -> Option<String> {
        leading_unit(s).map(|u| u.text)
    }

    #[test]
    fn units() {
        let cases = [
            ("人", Some("人")),
            ("g/人・日", Some("g/人・日")),
            ("回/ 人・年", Some("回/人・年")),
            ("人/4年", Some("人/4年")),
            ("アクセス/月", Some("アクセス/月")),
            ("事業/39事業", Some("事業")),
            ("号事業", None),
            ("市2町", None),
            ("D都市モデル", None),
        ];
        for (s, want) in cases {
            assert_eq!(unit(s).as_deref(), want, "{s}");
        }
        assert_eq!(leading_unit("回/ 人・年 x").unwrap().len, "回/ 人・年".len());
    }
}
