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

/// A CSV document from a header and rows of cells, every cell defused.
pub fn write_csv<'a, R, C>(header: &[&str], rows: R) -> Result<String, csv::Error>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = &'a str>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().map(|h| defuse_formula(h)))?;
    for row in rows {
        w.write_record(row.into_iter().map(defuse_formula))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    // Every cell came from a `&str`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
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
        let csv = write_csv(&["a", "b"], [vec!["=1", "x, \"y\""]]).expect("csv");
        assert_eq!(csv, "a,b\n'=1,\"x, \"\"y\"\"\"\n");
    }
}
