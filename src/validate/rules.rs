//! [`Rules`]: what a planning office configures for `validate` — its departments, the current
//! fiscal year, the grade legends, the required fields and per-code severities — read from a
//! TOML file. [`DEFAULT_RULES`] is the file `sheetwash validate --print-default-rules` prints,
//! and [`Rules::default`] is exactly what it parses to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ValidateError;

/// The default rules, as a commented TOML file.
pub const DEFAULT_RULES: &str = r#"# sheetwash validate rules. Every key is optional; a missing key keeps its default.

# The fiscal year whose actuals must be filled in (e.g. 2024 for 令和6年度).
# Unset: the current-year check is off.
# current_fiscal_year = 2024

# The departments (担当課) a submission may name. Empty: the check is off.
departments = []

# Fields that must not be empty: "indicator", "departments", "current_actual".
# "departments" is only checked in documents where some records of the same type have
# departments (a layout without a 担当課 column is not an error).
required = ["indicator", "departments", "current_actual"]

# Grade legends: a grade is checked when its symbol is in a legend. `min` is the lowest
# achievement ratio in percent that earns the grade; the highest matching step wins.
# `reading` is "auto" (find which reading the document's own grades follow), "ratio"
# (actual / target) or "progress" ((actual - baseline) / (target - baseline)).
[[legends]]
name = "○△×"
reading = "auto"
steps = [
  { grade = "○", min = 100.0 },
  { grade = "△", min = 70.0 },
  { grade = "×" },
]

# Per-code severity overrides: "error", "warning", "info" or "off". The codes and their
# defaults:
#   error:   validate.not_numeric, validate.unit_mismatch, validate.required_empty,
#            validate.year_order, validate.year_duplicate, validate.era_date_impossible,
#            validate.grade_mismatch, validate.unknown_department, validate.duplicate_kpi,
#            validate.duplicate_item, validate.duplicate_project_code,
#            validate.move_target_missing, validate.conflicting_duplicate,
#            validate.sum_mismatch, validate.count_mismatch
#   warning: validate.magnitude_jump, validate.year_outside_period, validate.relisted_dangling,
#            validate.department_changed, validate.duplicate_phrase,
#            validate.duplicate_list_item, validate.narrative_arithmetic,
#            validate.narrative_mismatch, and the warnings of the earlier stages
#            (extract.*, normalize.*, decode.*) under their own codes
#   info:    validate.duplicate_row, validate.not_provided
[severity]
# "validate.magnitude_jump" = "error"
# "validate.duplicate_row" = "off"
"#;

/// How a legend's achievement ratio is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// Use whichever reading the document's own grades agree with more often.
    #[default]
    Auto,
    /// actual ÷ target (target ÷ actual for lower-is-better KPIs).
    Ratio,
    /// Progress from the baseline: (actual − baseline) ÷ (target − baseline).
    Progress,
}

/// One grade of a legend and the lowest ratio (in percent) that earns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegendStep {
    /// The grade as printed (`○`).
    pub grade: String,
    /// The lowest achievement ratio, in percent, that earns the grade; `None` for the step
    /// that takes every ratio below the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
}

/// A grade legend (`○：100%以上 △：70-100%未満 ×：70%未満`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Legend {
    /// A name for messages.
    pub name: String,
    /// How the ratio is computed.
    #[serde(default)]
    pub reading: Reading,
    /// The grades; the step with the highest `min` not above the ratio wins.
    pub steps: Vec<LegendStep>,
}

impl Legend {
    /// True when `grade` is one of this legend's grades.
    pub fn knows(&self, grade: &str) -> bool {
        self.steps.iter().any(|s| s.grade == grade)
    }

    /// The grade a ratio (a fraction, 1.0 = 100%) earns.
    pub fn grade_for(&self, ratio: f64) -> Option<&str> {
        let percent = ratio * 100.0;
        // A tolerance so that 0.7 * 100.0 = 69.99999999999999 still reaches 70%.
        let floor = |s: &LegendStep| s.min.unwrap_or(f64::NEG_INFINITY);
        self.steps
            .iter()
            .filter(|s| percent >= floor(s) - 1e-9)
            .max_by(|a, b| floor(a).total_cmp(&floor(b)))
            .map(|s| s.grade.as_str())
    }
}

/// A per-code severity override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not report.
    Off,
}

/// The validate stage's configuration (the rules file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The fiscal year whose actuals must be filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_fiscal_year: Option<i32>,
    /// The departments a submission may name; empty turns the check off.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Fields that must not be empty: `indicator`, `departments`, `current_actual`.
    #[serde(default = "default_required")]
    pub required: Vec<String>,
    /// Grade legends.
    #[serde(default = "default_legends")]
    pub legends: Vec<Legend>,
    /// Per-code severity overrides.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
}

fn default_required() -> Vec<String> {
    ["indicator", "departments", "current_actual"].map(str::to_owned).to_vec()
}

fn default_legends() -> Vec<Legend> {
    let step = |grade: &str, min: Option<f64>| LegendStep { grade: grade.to_owned(), min };
    vec![Legend {
        name: "○△×".to_owned(),
        reading: Reading::Auto,
        steps: vec![step("○", Some(100.0)), step("△", Some(70.0)), step("×", None)],
    }]
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            current_fiscal_year: None,
            departments: Vec::new(),
            required: default_required(),
            legends: default_legends(),
            severity: BTreeMap::new(),
        }
    }
}

impl Rules {
    /// Parses a rules file; unknown keys and malformed values are errors.
    pub fn from_toml(text: &str) -> Result<Self, ValidateError> {
        let rules: Rules =
            toml::from_str(text).map_err(|e| ValidateError::RulesSyntax(e.to_string()))?;
        for name in &rules.required {
            if !["indicator", "departments", "current_actual"].contains(&name.as_str()) {
                return Err(ValidateError::RulesInvalid(format!(
                    "unknown required field {name:?} (indicator, departments, current_actual)"
                )));
            }
        }
        Ok(rules)
    }

    /// True when `field` is in `required`.
    pub fn requires(&self, field: &str) -> bool {
        self.required.iter().any(|r| r == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_defaults_are_the_defaults() {
        assert_eq!(Rules::from_toml(DEFAULT_RULES).unwrap(), Rules::default());
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(Rules::from_toml("").unwrap(), Rules::default());
    }

    #[test]
    fn unknown_keys_and_fields_are_errors() {
        assert_eq!(Rules::from_toml("colour = 1").unwrap_err().code(), "validate.rules_syntax");
        let bad = Rules::from_toml("required = [\"budget\"]").unwrap_err();
        assert_eq!(bad.code(), "validate.rules_invalid");
    }

    #[test]
    fn the_printed_defaults_list_every_code_under_its_severity() {
        use super::super::Check;
        use crate::model::Severity;
        let heading = |severity| match severity {
            Severity::Error => "#   error:",
            Severity::Warning => "#   warning:",
            Severity::Info => "#   info:",
        };
        let ends = ["#   error:", "#   warning:", "#   info:", "[severity]"];
        for check in Check::ALL {
            let start = DEFAULT_RULES.find(heading(check.default_severity())).unwrap();
            let after = &DEFAULT_RULES[start + 1..];
            let end = ends.iter().filter_map(|e| after.find(e)).min().unwrap();
            let block = &after[..end];
            let mut words = block.split(|c: char| c == ',' || c.is_whitespace());
            assert!(words.any(|w| w == check.code()), "{}", check.code());
        }
    }

    #[test]
    fn legend_steps() {
        let legend = &Rules::default().legends[0];
        assert_eq!(legend.grade_for(1.0), Some("○"));
        assert_eq!(legend.grade_for(0.9999), Some("△"));
        assert_eq!(legend.grade_for(0.7), Some("△"));
        assert_eq!(legend.grade_for(0.69), Some("×"));
        assert_eq!(legend.grade_for(-3.0), Some("×"));
    }
}
