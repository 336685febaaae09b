//! Calendar words shared by the parsers of metadata dates and the date normaliser: month and
//! weekday names in the languages of international reporting.

use crate::words::{ByLength, lower};

/// Month names and abbreviations (English, French, German, Spanish, Italian, Portuguese,
/// Russian in nominative and genitive), lower case.
const MONTHS: [&[&str]; 12] = [
    &[
        "january",
        "jan",
        "janvier",
        "januar",
        "jänner",
        "enero",
        "gennaio",
        "janeiro",
        "января",
        "январь",
        "يناير",
    ],
    &[
        "february",
        "feb",
        "février",
        "fevrier",
        "februar",
        "febrero",
        "febbraio",
        "fevereiro",
        "февраля",
        "февраль",
        "فبراير",
        "شباط",
    ],
    &["march", "mar", "mars", "märz", "marz", "marzo", "março", "марта", "март", "مارس", "آذار"],
    &["april", "apr", "avril", "abril", "aprile", "апреля", "апрель", "أبريل", "إبريل", "نيسان"],
    &["may", "mai", "mayo", "maggio", "maio", "мая", "май", "مايو", "أيار"],
    &["june", "jun", "juin", "juni", "junio", "giugno", "junho", "июня", "июнь", "يونيو", "يونيه", "حزيران"],
    &["july", "jul", "juillet", "juli", "julio", "luglio", "julho", "июля", "июль", "يوليو", "يوليه", "تموز"],
    &["august", "aug", "août", "aout", "agosto", "августа", "август", "أغسطس", "آب"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "settembre",
        "setembro",
        "сентября",
        "сентябрь",
        "سبتمبر",
        "أيلول",
    ],
    &[
        "october",
        "oct",
        "octobre",
        "oktober",
        "okt",
        "octubre",
        "ottobre",
        "outubro",
        "октября",
        "октябрь",
        "أكتوبر",
    ],
    &["november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "نوفمبر"],
    &[
        "december",
        "dec",
        "décembre",
        "decembre",
        "dezember",
        "dez",
        "diciembre",
        "dicembre",
        "dezembro",
        "декабря",
        "декабрь",
        "ديسمبر",
    ],
];

/// Weekday names, Monday first: English, French, Spanish, Italian, Portuguese, German, Arabic, and
/// Russian stems (which take case endings: "в пятницу", "субботнем").
const WEEKDAYS: [&[&str]; 7] = [
    &["monday", "lundi", "lunes", "lunedì", "segunda", "montag", "الاثنين", "الإثنين"],
    &["tuesday", "mardi", "martes", "martedì", "terça", "dienstag", "الثلاثاء"],
    &["wednesday", "mercredi", "miércoles", "mercoledì", "quarta", "mittwoch", "الأربعاء"],
    &["thursday", "jeudi", "jueves", "giovedì", "quinta", "donnerstag", "الخميس"],
    &["friday", "vendredi", "viernes", "venerdì", "sexta", "freitag", "الجمعة"],
    &["saturday", "samedi", "sábado", "sabato", "samstag", "sonnabend", "السبت"],
    &["sunday", "dimanche", "domingo", "domenica", "sonntag", "الأحد"],
];
/// ("среда" is listed by its forms: its stem begins "среди", "among".)
const RUSSIAN_WEEKDAY_STEMS: [(&str, u32); 6] =
    [("понедельник", 0), ("вторник", 1), ("четверг", 3), ("пятниц", 4), ("суббот", 5), ("воскресен", 6)];
const RUSSIAN_WEDNESDAY: [&str; 4] = ["среда", "среду", "среды", "средой"];
/// German compounds of a weekday and a time of day: "Freitagabend".
const GERMAN_DAYPARTS: [&str; 6] = ["abend", "morgen", "nachmittag", "nacht", "vormittag", "früh"];

/// 1–12 for a month name or abbreviation in any listed language (a trailing `.` is ignored).
pub fn month_number(word: &str) -> Option<u32> {
    let w = lower(word.trim_end_matches('.'));
    MONTH_INDEX.get(&w)
}

/// Every month name to its number: date parsing asks of every word.
static MONTH_INDEX: std::sync::LazyLock<ByLength<u32>> = std::sync::LazyLock::new(|| {
    ByLength::new(
        MONTHS.iter().enumerate().flat_map(|(i, names)| names.iter().map(move |n| (*n, i as u32 + 1))),
    )
});

/// Every weekday name to its number (0 for Monday).
static WEEKDAY_INDEX: std::sync::LazyLock<ByLength<u32>> = std::sync::LazyLock::new(|| {
    ByLength::new(
        WEEKDAYS
            .iter()
            .enumerate()
            .flat_map(|(i, names)| names.iter().map(move |n| (*n, i as u32)))
            .chain(RUSSIAN_WEDNESDAY.iter().map(|n| (*n, 2))),
    )
});

/// True when `word` is a month's full English name (not an abbreviation such as "may" the verb
/// can be confused with; callers decide how much context they need).
pub fn is_full_english_month(word: &str) -> bool {
    let w = lower(word);
    MONTHS.iter().any(|names| names[0] == w)
}

/// 0 (Monday) to 6 (Sunday) for a weekday name in any listed language.
pub fn weekday_number(word: &str) -> Option<u32> {
    let w = lower(word);
    if let Some(day) = WEEKDAY_INDEX.get(&w) {
        return Some(day);
    }
    // Compounds and case forms are longer than the names they build on.
    if w.len() < 6 {
        return None;
    }
    // "Freitagabend"; "пятницу", "субботнем".
    let german = || {
        GERMAN_DAYPARTS.iter().any(|part| w.ends_with(part)).then(|| {
            WEEKDAYS.iter().position(|names| {
                names.iter().any(|n| w.strip_prefix(n).is_some_and(|rest| GERMAN_DAYPARTS.contains(&rest)))
            })
        })?
    };
    let russian = || {
        RUSSIAN_WEEKDAY_STEMS
            .iter()
            .find(|(stem, _)| w.starts_with(stem) && w.chars().count() <= stem.chars().count() + 3)
            .map(|(_, day)| *day as usize)
    };
    german().or_else(russian).map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("марта"), Some(3));
        assert_eq!(month_number("Märchen"), None);
        assert_eq!(
            (month_number("يناير"), month_number("تموز"), month_number("يناي")),
            (Some(1), Some(7), None)
        );
        assert!(is_full_english_month("May") && !is_full_english_month("Mar"));
        assert_eq!(weekday_number("Friday"), Some(4));
        for (word, n) in [
            ("vendredi", 4),
            ("Samstagabend", 5),
            ("пятницу", 4),
            ("субботнем", 5),
            ("воскресенье", 6),
            ("viernes", 4),
            ("الخميس", 3),
            ("الإثنين", 0),
        ] {
            assert_eq!(weekday_number(word), Some(n), "{word}");
        }
        assert_eq!(weekday_number("средства"), None);
        assert_eq!(weekday_number("среди"), None);
        assert_eq!(weekday_number("среду"), Some(2));
    }
}
