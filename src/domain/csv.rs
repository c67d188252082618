//! CSV as spreadsheet programs read it: RFC 4180 quoting and CRLF line ends, a UTF-8 byte order
//! mark so Excel does not read Cyrillic as Latin-1, and no formulas. A cell that begins with
//! `=`, `+`, `-`, `@` (or a tab or carriage return, which some programs skip before looking) is
//! a formula to a spreadsheet, so a participant named `=HYPERLINK(...)` would run as one; such
//! cells get a leading `'`, which spreadsheets show as text.

/// The UTF-8 byte order mark that opens every file.
pub const BOM: char = '\u{feff}';

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What `text` becomes in a spreadsheet-safe file, before quoting.
pub fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}").into() } else { text.into() }
}

/// Appends one cell: defused, and quoted when it holds a separator, a quote or a line break
/// (or starts with a byte order mark, which a reader would take for the file's own and drop).
fn push_cell(out: &mut String, text: &str) {
    let text = defused(text);
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(BOM) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
    }
}

/// A CSV file being written.
#[derive(Debug, Clone)]
pub struct CsvWriter {
    out: String,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvWriter {
    /// An empty file (just the byte order mark).
    pub fn new() -> Self {
        CsvWriter { out: BOM.to_string() }
    }

    /// Appends a row.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_cell(&mut self.out, cell.as_ref());
        }
        self.out.push_str("\r\n");
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rows of `text` as the `csv` crate reads them (BOM removed first).
    fn parse(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix(BOM).expect("the file starts with a BOM");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.expect("well-formed CSV").iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn quotes_commas_quotes_and_line_breaks_and_keeps_cyrillic() {
        let mut csv = CsvWriter::new();
        csv.row(["Имя", "a,b", "say \"hi\"", "two\nlines", "plain"]);
        let text = csv.finish();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(&text[3..], "Имя,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain\r\n");
    }

    #[test]
    fn formulas_become_text() {
        for (input, shown) in [
            ("=1+1", "'=1+1"),
            ("+7 999", "'+7 999"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=x", "'\t=x"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(defused(input), shown, "{input:?}");
        }
        let mut csv = CsvWriter::new();
        csv.row(["=HYPERLINK(\"http://x\",\"y\")"]);
        assert_eq!(parse(&csv.finish()), [["'=HYPERLINK(\"http://x\",\"y\")"]]);
    }

    proptest! {
        /// Whatever a cell holds, a CSV reader gets it back (defused), in its row and column.
        #[test]
        fn any_cells_round_trip(rows in prop::collection::vec(prop::collection::vec(any::<String>(), 1..5), 1..5)) {
            let mut csv = CsvWriter::new();
            for row in &rows {
                csv.row(row);
            }
            let expected: Vec<Vec<String>> =
                rows.iter().map(|r| r.iter().map(|c| defused(c).into_owned()).collect()).collect();
            // A row of one empty cell is an empty line, which readers skip.
            let expected: Vec<Vec<String>> = expected.into_iter().filter(|r| r != &[String::new()]).collect();
            prop_assert_eq!(parse(&csv.finish()), expected);
        }
    }
}
