//! Narrative time: a history's yearless dates take the year the narrative
//! last gave (a heading, "In March 1921"), a report's keep the article's.
//! The three texts are in `tests/narrative/` (see its README); every value
//! below was worked out by hand from the text, not copied from output.

use chrono::NaiveDate;
use sitrep::time::{Anchor, find_times};

fn times(name: &str, date: (i32, u32, u32)) -> Vec<(String, String, Anchor)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/narrative")
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(path).expect("dispatch");
    let dct = NaiveDate::from_ymd_opt(date.0, date.1, date.2);
    find_times(&text, dct)
        .into_iter()
        .map(|t| (text[t.span].to_owned(), t.value, t.anchor))
        .collect()
}

fn owned(want: &[(&str, &str, Anchor)]) -> Vec<(String, String, Anchor)> {
    want.iter()
        .map(|(t, v, a)| ((*t).to_owned(), (*v).to_owned(), *a))
        .collect()
}

#[test]
fn years_in_headings_carry_to_the_days_below_them() {
    use Anchor::{Absolute, Narrative};
    assert_eq!(
        times("headings", (2010, 1, 5)),
        owned(&[
            ("1936", "1936", Absolute),
            ("21 July", "1936-07-21", Narrative),
            ("3 August", "1936-08-03", Narrative),
            ("9 September", "1936-09-09", Narrative),
            ("1937", "1937", Absolute),
            ("February", "1937-02", Narrative),
            ("14 May", "1937-05-14", Narrative),
            ("2 June", "1937-06-02", Narrative),
        ])
    );
}

#[test]
fn a_history_in_the_past_tense_completes_its_partial_dates() {
    use Anchor::{Absolute, Narrative};
    assert_eq!(
        times("partial-dates", (2010, 1, 5)),
        owned(&[
            ("March 1921", "1921-03", Absolute),
            ("4 April", "1921-04-04", Narrative),
            ("19 April", "1921-04-19", Narrative),
            ("late May", "1921-05", Narrative),
            ("August", "1921-08", Narrative),
        ])
    );
}

#[test]
fn a_report_that_looks_back_keeps_its_own_year() {
    // "on Tuesday" makes it a report; "would resume on April 4" looks
    // forward from 12 March 2016, not from March 2012.
    use Anchor::{Absolute, ArticleDate};
    assert_eq!(
        times("report-looks-back", (2016, 3, 12)),
        owned(&[
            ("Tuesday", "2016-03-08", ArticleDate),
            ("March 2012", "2012-03", Absolute),
            ("April 4", "2016-04-04", ArticleDate),
        ])
    );
}
