//! The section hierarchy (基本目標 → 施策 → ①): a stack that turns headings into
//! [`Section`]s with unique ids and parents.
//!
//! Ids are the printed number when it already names its parent (`2(1)` under `2`), and
//! `parent/number` when numbers restart under each parent (`Ⅰ/①`). A heading printed again
//! with the same number and title (a header repeated for every block) reuses its section; a
//! different title under an existing number gets a distinct id (`2(4)#2`) and an
//! `extract.section_id_collision` diagnostic.

use crate::model::{Diagnostic, Location, Section};

/// The levels of the hierarchy, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// 基本目標 (basic goal).
    Goal,
    /// 施策 / 施策大項目 / 施策の基本的方向 (policy area).
    Policy,
    /// 施策の基本的方向 when a document has both it and named 施策 below it (①–⑫).
    Direction,
    /// 施策名: a named measure under a 施策の基本的方向 (`(1) 産業集積推進事業`).
    NamedMeasure,
    /// 分野 of a regional-partnership vision: `(3) 生活関連機能サービスの向上分野`.
    Area,
    /// A sub-area of a 分野: `・生活機能の強化に係る分野`.
    SubArea,
    /// 施策の方向性 (orientation of the measures) inside a sub-area: `施策の方向性①`.
    Orientation,
    /// 第N: a chapter of a plan (`第4 実施項目`), or an unnumbered part such as 総括.
    Chapter,
    /// N: a numbered part of a chapter (`1 市民との協働`, an action plan's 実施方針).
    Part,
    /// (N): a bracketed part of a numbered part (`(1) 協働のまちづくり`).
    Subpart,
    /// 具体的な施策 (a concrete measure under a policy area).
    Measure,
}

impl Level {
    /// The level's name as written in `sections[].level`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Level::Goal => "基本目標",
            Level::Policy => "施策",
            Level::Direction => "施策の基本的方向",
            Level::NamedMeasure => "施策名",
            Level::Area => "分野",
            Level::SubArea => "小分野",
            Level::Orientation => "施策の方向性",
            Level::Chapter => "章",
            Level::Part => "節",
            Level::Subpart => "項",
            Level::Measure => "具体的な施策",
        }
    }
}

/// Builds the document's sections while the grids are read in order.
#[derive(Debug, Default)]
pub(crate) struct SectionStack {
    sections: Vec<Section>,
    /// Indices into `sections` of the open sections, outermost first, with their level.
    open: Vec<(Level, usize)>,
}

impl SectionStack {
    /// Opens a section at `level`, closing any open section at the same or a deeper level.
    /// Returns its id.
    pub(crate) fn open(
        &mut self,
        level: Level,
        number: Option<&str>,
        title: Option<&str>,
        at: Location,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let parent = self.close_from(level);
        if let Some(index) = self.find_same(level, number, title, parent.as_deref()) {
            return self.reopen(level, index);
        }
        let base = base_id(level, number, title, parent.as_deref());
        let id = self.unique_id(&base, &at, diagnostics);
        self.sections.push(Section {
            id: id.clone(),
            level: level.label().to_owned(),
            number: number.map(str::to_owned),
            title: title.map(str::to_owned),
            parent,
            markers: Vec::new(),
            provenance: at,
        });
        self.open.push((level, self.sections.len() - 1));
        id
    }

    /// Opens a numbered section, reusing an existing one at the same level with the same number
    /// and parent even when one of the two prints no title or a variant of it (a title page
    /// `基本目標 1` and a sheet field `基本目標1 安定した雇用を創出する` name one section). A
    /// missing title is filled in. Returns the section's id.
    pub(crate) fn open_numbered(
        &mut self,
        level: Level,
        number: &str,
        title: Option<&str>,
        at: Location,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let parent = self.close_from(level);
        let existing = self.sections.iter().position(|s| {
            s.level == level.label()
                && s.number.as_deref() == Some(number)
                && s.parent.as_deref() == parent.as_deref()
        });
        let Some(index) = existing else {
            return self.open(level, Some(number), title, at, diagnostics);
        };
        if let Some(section) = self.sections.get_mut(index) {
            if section.title.is_none() {
                section.title = title.map(str::to_owned);
            }
        }
        self.reopen(level, index)
    }

    /// Closes every open section at `level` or deeper; returns the id of the section a new
    /// one at `level` goes under.
    fn close_from(&mut self, level: Level) -> Option<String> {
        self.open.retain(|(open_level, _)| *open_level < level);
        self.current_id().map(str::to_owned)
    }

    /// Opens the existing section at `index` again; returns its id.
    fn reopen(&mut self, level: Level, index: usize) -> String {
        self.open.push((level, index));
        self.sections.get(index).map(|s| s.id.clone()).unwrap_or_default()
    }

    /// The id and title of the open section at `level`, if one is open.
    pub(crate) fn open_section(&self, level: Level) -> Option<&Section> {
        let (_, index) = self.open.iter().find(|(l, _)| *l == level)?;
        self.sections.get(*index)
    }

    /// The id of an existing section at `level` whose title is `title`.
    pub(crate) fn find_titled(
        &self,
        level: Level,
        title: &str,
    ) -> Option<(String, Option<String>)> {
        let section = self
            .sections
            .iter()
            .find(|s| s.level == level.label() && s.title.as_deref() == Some(title))?;
        Some((section.id.clone(), section.number.clone()))
    }

    /// The id of the innermost open section.
    pub(crate) fn current_id(&self) -> Option<&str> {
        let (_, index) = self.open.last()?;
        self.sections.get(*index).map(|s| s.id.as_str())
    }

    /// The id of the open section at `level`, if one is open.
    pub(crate) fn open_at(&self, level: Level) -> Option<&str> {
        let (_, index) = self.open.iter().find(|(l, _)| *l == level)?;
        self.sections.get(*index).map(|s| s.id.as_str())
    }

    /// Adds a change marker to the innermost open section (`新規`, `2(1)へ移動`).
    pub(crate) fn mark_current(&mut self, marker: crate::model::Marker) {
        let Some((_, index)) = self.open.last() else { return };
        if let Some(section) = self.sections.get_mut(*index) {
            section.markers.push(marker);
        }
    }

    /// Closes every open section (a new sheet or a new document part).
    pub(crate) fn close_all(&mut self) {
        self.open.clear();
    }

    /// The sections built so far.
    pub(crate) fn into_sections(self) -> Vec<Section> {
        self.sections
    }

    fn find_same(
        &self,
        level: Level,
        number: Option<&str>,
        title: Option<&str>,
        parent: Option<&str>,
    ) -> Option<usize> {
        self.sections.iter().position(|s| {
            s.level == level.label()
                && s.number.as_deref() == number
                && s.title.as_deref() == title
                && s.parent.as_deref() == parent
        })
    }

    fn unique_id(&self, base: &str, at: &Location, diagnostics: &mut Vec<Diagnostic>) -> String {
        if !self.sections.iter().any(|s| s.id == base) {
            return base.to_owned();
        }
        let taken = |candidate: &str| self.sections.iter().any(|s| s.id == candidate);
        let mut n = 2;
        while taken(&format!("{base}#{n}")) {
            n += 1;
        }
        let id = format!("{base}#{n}");
        diagnostics.push(Diagnostic::warning(
            "extract.section_id_collision",
            format!("a second, different section is numbered {base}; it gets the id {id}"),
            at.clone(),
        ));
        id
    }
}

/// The id a section would have before collisions: its number when that already names the
/// parent (`2(1)` under `2`), else `parent/number`; the title when there is no number.
fn base_id(
    level: Level,
    number: Option<&str>,
    title: Option<&str>,
    parent: Option<&str>,
) -> String {
    let own = number.or(title).unwrap_or(level.label());
    match parent {
        Some(parent) if !own.starts_with(parent) => format!("{parent}/{own}"),
        _ => own.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32) -> Location {
        Location::text_line("t.txt".into(), line, None)
    }

    #[test]
    fn ids_name_their_parents() {
        let mut stack = SectionStack::default();
        let mut diags = Vec::new();
        assert_eq!(stack.open(Level::Goal, Some("2"), Some("しごと"), at(1), &mut diags), "2");
        assert_eq!(
            stack.open(Level::Policy, Some("2(1)"), Some("移住"), at(2), &mut diags),
            "2(1)"
        );
        assert_eq!(
            stack.open(Level::Policy, Some("2(2)"), Some("住環境"), at(4), &mut diags),
            "2(2)"
        );
        assert_eq!(stack.current_id(), Some("2(2)"));
        assert_eq!(stack.open(Level::Goal, Some("Ⅰ"), None, at(5), &mut diags), "Ⅰ");
        // Circled numbers restart under each parent, so the parent is part of the id.
        assert_eq!(stack.open(Level::Policy, Some("①"), Some("創業"), at(6), &mut diags), "Ⅰ/①");
        let sections = stack.into_sections();
        assert_eq!(sections[1].parent.as_deref(), Some("2"));
        assert_eq!(sections[2].parent.as_deref(), Some("2"));
        assert_eq!(sections[4].parent.as_deref(), Some("Ⅰ"));
        assert!(diags.is_empty());
    }

    #[test]
    fn a_repeated_heading_reuses_its_section() {
        let mut stack = SectionStack::default();
        let mut diags = Vec::new();
        stack.open(Level::Goal, Some("Ⅰ"), Some("しごとづくり"), at(7), &mut diags);
        stack.open(Level::Policy, Some("①"), Some("創業の支援"), at(10), &mut diags);
        assert_eq!(
            stack.open(Level::Goal, Some("Ⅰ"), Some("しごとづくり"), at(27), &mut diags),
            "Ⅰ"
        );
        assert_eq!(stack.into_sections().len(), 2);
        assert!(diags.is_empty());
    }

    #[test]
    fn a_different_section_with_the_same_number_gets_a_distinct_id() {
        let mut stack = SectionStack::default();
        let mut diags = Vec::new();
        stack.open(Level::Goal, Some("2"), None, at(43), &mut diags);
        assert_eq!(
            stack.open(Level::Policy, Some("2(4)"), Some("空き家の利活用"), at(90), &mut diags),
            "2(4)"
        );
        let second =
            stack.open(Level::Policy, Some("2(4)"), Some("文化・スポーツ"), at(105), &mut diags);
        assert_eq!(second, "2(4)#2");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "extract.section_id_collision");
    }
}
