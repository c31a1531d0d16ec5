//! CSV for the back office: spreadsheet-safe, so a cell a resident or admin typed never runs as a formula.

use crate::{
    error::{Error, Result},
    problem::ApiResult,
};

/// Prefixes a cell that a spreadsheet would read as a formula with an apostrophe (OWASP's advice).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
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
    fn formula_cells_are_neutralised_and_quoting_is_kept() {
        let csv = to_csv(&[vec!["=HYPERLINK(\"x\")".into(), "-5".into(), "gewoon, tekst".into()]]).unwrap();
        assert_eq!(csv, "\"'=HYPERLINK(\"\"x\"\")\",'-5,\"gewoon, tekst\"\n");
    }
}
