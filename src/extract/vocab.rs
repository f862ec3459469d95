//! The words the layouts are recognized by: header labels and heading prefixes.
//!
//! Header labels are compared after [`compact`]: width folded and every space removed, so
//! `K P I`, `ＫＰＩ` and `KPI` are one label.

use std::borrow::Cow;

use crate::normalize;

/// 数値目標 (numerical goal), a plan-level indicator.
pub(crate) const GOAL_INDICATOR: &str = "数値目標";
/// 重要業績評価指標, the long name of a KPI.
pub(crate) const KPI_LONG: &str = "重要業績評価指標";
/// KPI.
pub(crate) const KPI: &str = "KPI";
/// 担当課 (department in charge).
pub(crate) const DEPARTMENT: &str = "担当課";
/// 事業名 (project name).
pub(crate) const PROJECT_NAME: &str = "事業名";
/// 事務事業番号 (administrative project number).
pub(crate) const PROJECT_CODE: &str = "事務事業番号";
/// 事業概要 (project outline).
pub(crate) const PROJECT_OUTLINE: &str = "事業概要";
/// 単位 (unit).
pub(crate) const UNIT: &str = "単位";
/// 目標値 (target).
pub(crate) const TARGET: &str = "目標値";
/// 実績値 / 実績 (actual).
pub(crate) const ACTUAL: [&str; 2] = ["実績値", "実績"];
/// 基準値 (baseline).
pub(crate) const BASELINE: &str = "基準値";
/// 評価 / 進捗度 (grade).
pub(crate) const GRADE: [&str; 2] = ["評価", "進捗度"];
/// 備考 (remarks).
pub(crate) const REMARKS: &str = "備考";

/// 事業の目的と概要 (purpose and outline of a budget card's project).
pub(crate) const CARD_PURPOSE: &str = "事業の目的と概要";
/// 役割分担 (division of roles between the parties of a budget card).
pub(crate) const CARD_ROLES: &str = "役割分担";
/// 関係市町 (the municipalities taking part in a budget card's project).
pub(crate) const CARD_MUNICIPALITIES: &str = "関係市町";
/// 事業費 (project cost), the label of a budget card's amount rows.
pub(crate) const CARD_COST: &str = "事業費";
/// 施策の方向性 (policy direction), a heading word of a regional-partnership vision.
pub(crate) const DIRECTION: &str = "施策の方向性";

/// A label with width folded and all white space removed, for comparing header words.
pub(crate) fn compact(text: &str) -> Cow<'_, str> {
    let folded = normalize::fold_text(text);
    if normalize::text::has_white_space(&folded) {
        Cow::Owned(folded.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        folded
    }
}

/// 目次 (table of contents).
pub(crate) const CONTENTS: &str = "目次";
/// The unnumbered parts after an action plan's items: 総括 (summary), 附属資料 (appendix).
pub(crate) const CLOSING_PARTS: [&str; 3] = ["総括", "附属資料", "附屬資料"];
/// 効果額 (effect amount): ends the title of an effects part and an effects header.
pub(crate) const EFFECT: &str = "効果額";
/// 追加 (added), as in 追加実施項目.
pub(crate) const ADDED: &str = "追加";
/// 項目 (item).
pub(crate) const ITEM: &str = "項目";
/// 項目番号 (item number), the first label of an action-plan item block.
pub(crate) const ITEM_NUMBER: &str = "項目番号";
/// 項目名 (item name).
pub(crate) const ITEM_NAME: &str = "項目名";
/// 内容・目標等 (content and targets), matched as a prefix.
pub(crate) const ITEM_DESCRIPTION: &str = "内容・目標";
/// 年度行動計画（及び実績） (yearly action plan and results), matched as a prefix.
pub(crate) const ACTION_PLAN: &str = "年度行動計画";
/// 年度 (fiscal year), in the label of a year row (`H29年度実績`).
pub(crate) const FISCAL_YEAR: &str = "年度";
