//! CSV for the back office: spreadsheet-safe, so a cell a resident or admin typed never runs as a formula.

use crate::{
    error::{Error, Result},
    problem::ApiResult,
};

/// The signs a spreadsheet starts a formula with, also in their full-width forms (which Excel and LibreOffice
/// read as the ASCII ones).
const FORMULA_SIGNS: [char; 8] = ['=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// Prefixes a cell that a spreadsheet would read as a formula with an apostrophe (OWASP's advice): one that starts
/// with a tab or a line break, or whose first sign after any spaces starts a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let starts_formula = cell.trim_start_matches([' ', '\u{3000}', '\u{A0}']).starts_with(FORMULA_SIGNS);
    if starts_formula || cell.starts_with(['\t', '\r', '\n']) { format!("'{cell}").into() } else { cell.into() }
}

/// Writes rows as CSV with every cell neutralised.
pub fn to_csv(rows: &[Vec<String>]) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(|e| Error::Internal(format!("csv: {e}")))?;
    }
    let bytes = writer.into_inner().map_err(|e| Error::Internal(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(format!("csv: {e}")))
}

/// A CSV download: the rows, neutralised, with the headers a browser and a spreadsheet expect.
pub fn attachment(filename: &str, rows: &[Vec<String>]) -> ApiResult<axum::response::Response> {
    use axum::{http::header, response::IntoResponse};
    let csv = to_csv(rows)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        csv,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_a_cell_can_start_a_formula_is_neutralised() {
        let table = [
            ("=1+1", true),
            ("+31 6 1234", true),
            ("-5", true),
            ("@SUM(A1)", true),
            ("\tTAB", true),
            ("\rCR", true),
            ("\nLF", true),
            ("  =1+1", true),
            ("\u{A0}+1", true),
            ("\u{3000}@x", true),
            ("\u{FF1D}1+1", true),
            ("\u{FF0B}1", true),
            ("\u{FF0D}1", true),
            ("\u{FF20}SUM(A1)", true),
            ("gewoon tekst", false),
            ("5-3", false),
            ("jan@example.nl", false),
            ("  spaties", false),
            ("regel\nregel", false),
            ("", false),
        ];
        for (cell, neutralised) in table {
            let expected = if neutralised { format!("'{cell}") } else { cell.to_owned() };
            assert_eq!(neutralise(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_quoting_is_kept() {
        let csv = to_csv(&[vec!["=HYPERLINK(\"x\")".into(), "-5".into(), "gewoon, tekst".into()]]).unwrap();
        assert_eq!(csv, "\"'=HYPERLINK(\"\"x\"\")\",'-5,\"gewoon, tekst\"\n");
    }
}
