//! Calendar words shared by the parsers of metadata dates and the date normaliser: month and
//! weekday names in the languages of international reporting.

/// Month names and abbreviations (English, French, German, Spanish, Italian, Portuguese,
/// Russian in nominative and genitive), lower case.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "janvier", "januar", "jänner", "enero", "gennaio", "janeiro", "января", "январь"],
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
    ],
    &["march", "mar", "mars", "märz", "marz", "marzo", "março", "марта", "март"],
    &["april", "apr", "avril", "abril", "aprile", "апреля", "апрель"],
    &["may", "mai", "mayo", "maggio", "maio", "мая", "май"],
    &["june", "jun", "juin", "juni", "junio", "giugno", "junho", "июня", "июнь"],
    &["july", "jul", "juillet", "juli", "julio", "luglio", "julho", "июля", "июль"],
    &["august", "aug", "août", "aout", "agosto", "августа", "август"],
    &["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "сентября", "сентябрь"],
    &["october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "outubro", "октября", "октябрь"],
    &["november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь"],
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
    ],
];

/// English weekday names, Monday first.
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// 1–12 for a month name or abbreviation in any listed language (a trailing `.` is ignored).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().position(|names| names.contains(&w.as_str())).map(|i| i as u32 + 1)
}

/// True when `word` is a month's full English name (not an abbreviation such as "may" the verb
/// can be confused with; callers decide how much context they need).
pub fn is_full_english_month(word: &str) -> bool {
    let w = word.to_lowercase();
    MONTHS.iter().any(|names| names[0] == w)
}

/// 0 (Monday) to 6 (Sunday) for an English weekday name.
pub fn weekday_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    WEEKDAYS.iter().position(|d| *d == w).map(|i| i as u32)
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
        assert!(is_full_english_month("May") && !is_full_english_month("Mar"));
        assert_eq!(weekday_number("Friday"), Some(4));
    }
}
