//! Cells for spreadsheets: every CSV the catalogue serves writes its cells
//! through [`defuse_formula`], so opening a file never runs a formula.

/// The characters that make a spreadsheet read a cell as a formula or a command
/// when they come first (OWASP's CSV injection list, plus the space, tab and `|`
/// that some spreadsheets skip before a formula, and the full-width forms that
/// some normalise to `=`, `+`, `-` and `@`).
const FORMULA_STARTS: [char; 13] = [
    '=', '+', '-', '@', '\t', '\r', '\n', ' ', '|', '＝', '＋', '－', '＠',
];

/// Prefixes a cell that starts with a formula character with `'`, which
/// spreadsheets show as text; other cells are kept as they are.
pub fn defuse_formula(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// A CSV document written row by row, every cell defused.
#[derive(Debug)]
pub struct CsvOut(csv::Writer<Vec<u8>>);

impl CsvOut {
    /// A document with this header row.
    pub fn new(header: &[&str]) -> Result<Self, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(header.iter().map(|h| defuse_formula(h)))?;
        Ok(Self(w))
    }

    /// Adds a row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<(), csv::Error> {
        self.0.write_record(cells.into_iter().map(defuse_formula))
    }

    /// The document's bytes (UTF-8: every cell came from a `&str`).
    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.0
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }

    /// The document as text.
    pub fn finish_text(self) -> Result<String, csv::Error> {
        // Every cell came from a `&str`, so the bytes are UTF-8.
        Ok(String::from_utf8_lossy(&self.finish()?).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused_and_others_kept() {
        for cell in [
            "=HYPERLINK(1)",
            "-5",
            "+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            " =1",
            "|cmd",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
        ] {
            assert_eq!(defuse_formula(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Sleepio", "", "1 = 1", "£24 a year", "a-b", "x@y"] {
            assert_eq!(defuse_formula(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn a_written_csv_defuses_every_cell_and_quotes_as_csv_does() {
        let mut out = CsvOut::new(&["a", "b"]).expect("header");
        out.row(["=1", "x, \"y\""]).expect("row");
        let csv = out.finish_text().expect("csv");
        assert_eq!(csv, "a,b\n'=1,\"x, \"\"y\"\"\"\n");
    }
}
