use super::*;

/// 2016-03-24 is a Thursday.
fn dct() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2016, 3, 24)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// (text, surface form, type, value) with the article date 2016-03-24.
type Case = (&'static str, &'static str, TimeType, &'static str);

fn run_cases(cases: &[Case]) {
    let mut failures = Vec::new();
    for &(text, surface, kind, value) in cases {
        let found = find_times(text, dct());
        if surface.is_empty() {
            // nothing may be found
            if !found.is_empty() {
                failures.push(format!(
                    "{text:?}: expected nothing, got {:?}",
                    found[0].value
                ));
            }
            continue;
        }
        match found.iter().find(|m| &text[m.span.range()] == surface) {
            Some(m) if m.kind == kind && m.value == value => {}
            Some(m) => failures.push(format!(
                "{text:?}: {surface:?} -> {:?} {} (want {kind:?} {value}) [{}]",
                m.kind, m.value, m.reason
            )),
            None => failures.push(format!(
                "{text:?}: {surface:?} not found; got {:?}",
                found
                    .iter()
                    .map(|m| (&text[m.span.range()], m.value.as_str()))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn surfaces(text: &str) -> Vec<&str> {
    find_times(text, dct())
        .iter()
        .map(|m| &text[m.span.range()])
        .collect()
}

use TimeType::{Date, Duration, Set, Time};

#[test]
fn acceptance_examples() {
    run_cases(&[
        (
            "Both sides are expected to agree on Thursday, diplomats said.",
            "Thursday",
            Date,
            "2016-03-24",
        ),
        ("Exports fell sharply last year.", "last year", Date, "2015"),
        (
            "Shelling has intensified this month.",
            "this month",
            Date,
            "2016-03",
        ),
        (
            "Rebels took the town on March 24, 2016. The day before, the army had left.",
            "The day before",
            Date,
            "2016-03-23",
        ),
        (
            "Negotiators plan to resume in April.",
            "April",
            Date,
            "2016-04",
        ),
        (
            "The ceasefire collapsed last September.",
            "last September",
            Date,
            "2015-09",
        ),
        (
            "The country's five year-old civil conflict has displaced millions.",
            "five year-old",
            Duration,
            "P5Y",
        ),
        (
            "Jets flew sorties throughout a five-month military campaign.",
            "five-month",
            Duration,
            "P5M",
        ),
        (
            "The siege lasted almost two weeks.",
            "almost two weeks",
            Duration,
            "P2W",
        ),
    ]);
}

#[test]
fn anchored_durations_have_begin_dates() {
    let text = "Aid groups marked the five-year-old war with a vigil.";
    let m = &find_times(text, dct())[0];
    assert_eq!((m.kind, m.value.as_str()), (Duration, "P5Y"));
    assert_eq!(m.begin, Some(d(2011, 3, 24)));
    let text = "Jets flew sorties throughout a five-month military campaign.";
    let m = &find_times(text, dct())[0];
    assert_eq!(m.begin, Some(d(2015, 10, 24)));
    let m = &find_times("The siege lasted almost two weeks.", dct())[0];
    assert!(m.approximate);
}

#[test]
fn absolute_dates() {
    run_cases(&[
        (
            "The talks opened on March 24, 2016 in Geneva.",
            "March 24, 2016",
            Date,
            "2016-03-24",
        ),
        (
            "The talks opened on 24 March 2016 in Geneva.",
            "24 March 2016",
            Date,
            "2016-03-24",
        ),
        (
            "Invaders crossed the border on 1 September 1939.",
            "1 September 1939",
            Date,
            "1939-09-01",
        ),
        (
            "The report was dated Sept. 30, 2015.",
            "Sept. 30, 2015",
            Date,
            "2015-09-30",
        ),
        (
            "A file stamped 2016-03-24 was leaked.",
            "2016-03-24",
            Date,
            "2016-03-24",
        ),
        (
            "The offensive began in March 2016.",
            "March 2016",
            Date,
            "2016-03",
        ),
        ("The camp was built in 2014.", "2014", Date, "2014"),
        (
            "Budgets shrank in fiscal 1998.",
            "fiscal 1998",
            Date,
            "1998",
        ),
        ("The militia formed in the 1980s.", "the 1980s", Date, "198"),
        (
            "The militia formed in the late 1990s.",
            "the late 1990s",
            Date,
            "199",
        ),
        (
            "Fighting resumed in spring 2014.",
            "spring 2014",
            Date,
            "2014-SP",
        ),
        ("Fighting eased in early 2015.", "early 2015", Date, "2015"),
        ("Raids peaked in mid-March.", "mid-March", Date, "2016-03"),
        (
            "The bridge dates from the 19th century.",
            "the 19th century",
            Date,
            "18",
        ),
        (
            "Profits rose in the third quarter of 2015.",
            "the third quarter of 2015",
            Date,
            "2015-Q3",
        ),
    ]);
}

#[test]
fn missing_year_takes_closest_past_biased() {
    run_cases(&[
        (
            "The convoy was attacked on Mar. 24.",
            "Mar. 24",
            Date,
            "2016-03-24",
        ),
        (
            "The convoy was attacked on Dec. 30.",
            "Dec. 30",
            Date,
            "2015-12-30",
        ),
        (
            "Elections will be held on April 10.",
            "April 10",
            Date,
            "2016-04-10",
        ),
        // past tense, a date slightly after the article date still resolves back a year
        ("Talks collapsed on Nov. 2.", "Nov. 2", Date, "2015-11-02"),
    ]);
}

#[test]
fn weekdays_follow_tense() {
    run_cases(&[
        (
            "Gunmen attacked a checkpoint on Tuesday, police said.",
            "Tuesday",
            Date,
            "2016-03-22",
        ),
        (
            "Gunmen attacked a checkpoint on Thursday.",
            "Thursday",
            Date,
            "2016-03-24",
        ),
        (
            "The council will meet on Monday.",
            "Monday",
            Date,
            "2016-03-28",
        ),
        (
            "The envoy is due to arrive on Saturday.",
            "Saturday",
            Date,
            "2016-03-26",
        ),
        (
            "The envoy arrived Friday night.",
            "Friday night",
            Time,
            "2016-03-18TNI",
        ),
        (
            "Strikes killed dozens last Friday.",
            "last Friday",
            Date,
            "2016-03-18",
        ),
        (
            "The vote is set for next Tuesday.",
            "next Tuesday",
            Date,
            "2016-03-29",
        ),
    ]);
}

#[test]
fn article_relative() {
    run_cases(&[
        (
            "Shells fell today on the old city.",
            "today",
            Date,
            "2016-03-24",
        ),
        (
            "Shells fell yesterday on the old city.",
            "yesterday",
            Date,
            "2016-03-23",
        ),
        (
            "Convoys will move tomorrow.",
            "tomorrow",
            Date,
            "2016-03-25",
        ),
        ("A curfew starts tonight.", "tonight", Time, "2016-03-24TNI"),
        ("Clashes erupted last week.", "last week", Date, "2016-W11"),
        ("Clashes erupted this week.", "this week", Date, "2016-W12"),
        ("Monitors arrive next week.", "next week", Date, "2016-W13"),
        ("Clashes erupted last month.", "last month", Date, "2016-02"),
        ("A vote is planned next year.", "next year", Date, "2017"),
        (
            "The town fell two days ago.",
            "two days ago",
            Date,
            "2016-03-22",
        ),
        (
            "The town fell three years ago.",
            "three years ago",
            Date,
            "2013",
        ),
        (
            "Fighting flared earlier this month.",
            "earlier this month",
            Date,
            "2016-03",
        ),
        (
            "A deal may come later this year.",
            "later this year",
            Date,
            "2016",
        ),
        (
            "The army has recently pulled back.",
            "recently",
            Date,
            "PAST_REF",
        ),
        ("The road is now open.", "now", Date, "PRESENT_REF"),
        (
            "The road is currently closed.",
            "currently",
            Date,
            "PRESENT_REF",
        ),
        (
            "Aid should arrive in the coming weeks.",
            "the coming weeks",
            Date,
            "FUTURE_REF",
        ),
        (
            "Clashes erupted last spring.",
            "last spring",
            Date,
            "2015-SP",
        ),
        (
            "Clashes erupted over the weekend.",
            "the weekend",
            Date,
            "2016-W11-WE",
        ),
    ]);
}

#[test]
fn bare_months_default_to_the_past() {
    run_cases(&[
        (
            "The town was retaken in September.",
            "September",
            Date,
            "2015-09",
        ),
        ("The town was retaken in March.", "March", Date, "2016-03"),
        (
            "The town was retaken in February.",
            "February",
            Date,
            "2016-02",
        ),
        (
            "Talks will reopen in September.",
            "September",
            Date,
            "2016-09",
        ),
        (
            "Talks will reopen in February.",
            "February",
            Date,
            "2017-02",
        ),
    ]);
}

#[test]
fn never_resolves_past_events_into_the_future() {
    let dct = dct().unwrap();
    for text in [
        "The town was retaken in December.",
        "The town was retaken on Dec. 12.",
        "Militants seized the dam on Saturday, officials said.",
        "Troops withdrew in mid-October.",
        "The siege ended last summer.",
        "The town fell in late November.",
    ] {
        for m in find_times(text, Some(dct)) {
            let b = m.begin.expect("resolved");
            assert!(
                b <= dct,
                "{text:?}: {} begins after the article date",
                m.value
            );
        }
    }
}

#[test]
fn focus_relative() {
    run_cases(&[
        (
            "Rebels entered the city on 3 May 2014. The following day they left.",
            "The following day",
            Date,
            "2014-05-04",
        ),
        (
            "Rebels entered the city on 3 May 2014. A week later they left.",
            "A week later",
            Date,
            "2014-05-10",
        ),
        (
            "Rebels entered the city in June 2014 and left the next month.",
            "the next month",
            Date,
            "2014-07",
        ),
        (
            "Rebels entered the city on 3 May 2014. Two days earlier, the army fled.",
            "Two days earlier",
            Date,
            "2014-05-01",
        ),
    ]);
    let text = "Rebels entered the city on 3 May 2014. The day before, the army fled.";
    let m = find_times(text, dct());
    assert_eq!(m[1].anchor, Anchor::Focus);
    // no focus: falls back to the article date
    run_cases(&[(
        "The day before, the army fled.",
        "The day before",
        Date,
        "2016-03-23",
    )]);
}

#[test]
fn durations() {
    run_cases(&[
        (
            "The blockade lasted five years.",
            "five years",
            Duration,
            "P5Y",
        ),
        (
            "The truce held for 48 hours.",
            "48 hours",
            Duration,
            "PT48H",
        ),
        (
            "The feud has simmered for decades.",
            "decades",
            Duration,
            "PXDE",
        ),
        (
            "Prices rose over the past three years.",
            "the past three years",
            Duration,
            "P3Y",
        ),
        (
            "Aid will flow over the next two weeks.",
            "the next two weeks",
            Duration,
            "P2W",
        ),
        (
            "The strike lasted nearly twenty-four hours.",
            "nearly twenty-four hours",
            Duration,
            "PT24H",
        ),
        (
            "Output fell in the first nine months.",
            "the first nine months",
            Duration,
            "P9M",
        ),
        (
            "A 10-hour curfew was imposed.",
            "10-hour",
            Duration,
            "PT10H",
        ),
        (
            "The hostages were held for more than a year.",
            "more than a year",
            Duration,
            "P1Y",
        ),
        (
            "The trial lasted a few weeks.",
            "a few weeks",
            Duration,
            "PXW",
        ),
    ]);
}

#[test]
fn ages_of_people_are_not_times() {
    for text in [
        "A five-year-old boy was among the dead.",
        "The 12-year-old girl survived.",
        "His two-year-old son was wounded.",
        "A 35-year-old man was arrested.",
    ] {
        assert!(surfaces(text).is_empty(), "{text:?}: {:?}", surfaces(text));
    }
}

#[test]
fn times_of_day() {
    run_cases(&[
        (
            "The blast hit at 10 a.m. near the market.",
            "10 a.m.",
            Time,
            "2016-03-24T10:00",
        ),
        (
            "The blast hit at 7:15 p.m. near the market.",
            "7:15 p.m.",
            Time,
            "2016-03-24T19:15",
        ),
        ("The curfew ends at noon.", "noon", Time, "2016-03-24T12:00"),
        (
            "The curfew begins at midnight.",
            "midnight",
            Time,
            "2016-03-24T24:00",
        ),
        (
            "Sirens sounded this morning.",
            "this morning",
            Time,
            "2016-03-24TMO",
        ),
        (
            "Sirens sounded yesterday afternoon.",
            "yesterday afternoon",
            Time,
            "2016-03-23TAF",
        ),
        (
            "Sirens sounded last night.",
            "last night",
            Time,
            "2016-03-23TNI",
        ),
    ]);
}

#[test]
fn sets() {
    run_cases(&[
        ("Patrols pass every day.", "every day", Set, "P1D"),
        ("The bulletin appears weekly.", "weekly", Set, "P1W"),
        ("The pilgrimage happens each year.", "each year", Set, "P1Y"),
        ("Convoys leave daily.", "daily", Set, "P1D"),
        (
            "The council meets each Monday.",
            "each Monday",
            Set,
            "XXXX-WXX-1",
        ),
        ("The fund pays $5 million a year.", "a year", Set, "P1Y"),
    ]);
}

#[test]
fn must_not_fire() {
    for text in [
        "The talks may not resume.",
        "Thousands joined a protest march through the capital.",
        "The Sun newspaper and Sat Nav maker were named.",
        "Some 250,000 people have been killed.",
        "The council adopted resolution 2254 unanimously.",
        "He finished second in the race.",
        "The paper was founded by the Sunday Times group.",
        "Officers seized 1500 rifles.",
        "They May Day rally drew crowds.",
        "It was a year of hardship.",
    ] {
        let s = surfaces(text);
        assert!(
            s.is_empty() || (text.contains("May Day") && !s.contains(&"May")),
            "{text:?}: {s:?}"
        );
    }
}

#[test]
fn without_article_date_relative_stays_unresolved() {
    let cases: &[(&str, &str, TimeType, &str)] = &[
        ("Shells fell yesterday.", "yesterday", Date, "XXXX-XX-XX"),
        ("The town fell in September.", "September", Date, "XXXX-09"),
        ("Gunmen struck on Thursday.", "Thursday", Date, "XXXX-WXX-4"),
        ("Clashes erupted last year.", "last year", Date, "XXXX"),
        (
            "The blockade lasted five years.",
            "five years",
            Duration,
            "P5Y",
        ),
        (
            "The talks opened on 24 March 2016.",
            "24 March 2016",
            Date,
            "2016-03-24",
        ),
    ];
    for &(text, surface, kind, value) in cases {
        let found = find_times(text, None);
        let m = found
            .iter()
            .find(|m| &text[m.span.range()] == surface)
            .unwrap_or_else(|| panic!("{text:?}: {surface:?} not found"));
        assert_eq!((m.kind, m.value.as_str()), (kind, value), "{text:?}");
        if value.starts_with('X') {
            assert_eq!(m.anchor, Anchor::Unresolved);
        }
    }
}

#[test]
fn output_is_sorted_and_non_overlapping() {
    let text = "On Monday, March 21, 2016, three days after the truce, at 10 a.m. yesterday \
                and every week since last year, now and for decades.";
    let found = find_times(text, dct());
    assert!(found.len() >= 5);
    for w in found.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "{:?} {:?}",
            w[0].span,
            w[1].span
        );
    }
}

#[test]
fn serializes_with_timex_names() {
    let m = &find_times("Shells fell yesterday.", dct())[0];
    let v = serde_json::to_value(m).unwrap();
    assert_eq!(v["kind"], "DATE");
    assert_eq!(v["precision"], "day");
    assert_eq!(v["anchor"], "articledate");
    assert_eq!(v["span"]["start"], 12);
}

/// Bugs found while measuring; each stays fixed.
#[test]
fn regression() {
    run_cases(&[
        // "to + verb" after the expression is a purpose, not a plan: past
        (
            "Gunmen traded fire near the airport on Wednesday, forcing flights to divert.",
            "Wednesday",
            Date,
            "2016-03-23",
        ),
        // reported speech with a modal looks forward: next April, not last
        (
            "Officials said the army would advance on the city in April.",
            "April",
            Date,
            "2016-04",
        ),
        // a quarter ahead of the article date in past context is last year's
        (
            "Sales fell in the fourth quarter.",
            "the fourth quarter",
            Date,
            "2015-Q4",
        ),
        // "a year earlier" keeps the granularity of the period in focus
        (
            "Profit rose in the third quarter of 2015 from a year earlier.",
            "a year earlier",
            Date,
            "2014-Q3",
        ),
        // "the past year" spans the year up to the article
        (
            "Prices doubled in the past week.",
            "the past week",
            Duration,
            "P1W",
        ),
        // an untensed weekday later in the week than the article is last week's
        (
            "Saturday: rally in the square.",
            "Saturday",
            Date,
            "2016-03-19",
        ),
        // an age only dates a conflict, never a person or an institution
        ("The 50-year-old bank reopened.", "", Date, ""),
        // weekday followed by its explicit date is one mention
        (
            "Troops left on Saturday, March 19, witnesses said.",
            "Saturday, March 19",
            Date,
            "2016-03-19",
        ),
        (
            "The town fell in June last year.",
            "June last year",
            Date,
            "2015-06",
        ),
        // "about" is a hedge only before a count or a clock time
        (
            "Officials spoke about the future.",
            "the future",
            Date,
            "FUTURE_REF",
        ),
        // hyphenated month modifiers
        (
            "The town fell in late-November.",
            "late-November",
            Date,
            "2015-11",
        ),
    ]);
}
