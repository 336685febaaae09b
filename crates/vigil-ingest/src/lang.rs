//! Language identification (whatlang, trigram based) reported as ISO 639-1 where a code
//! exists, with whatlang's confidence kept beside it. Text with too few letters to judge is
//! reported as `und` rather than guessed.

use vigil_core::Language;

/// Characters of text looked at; beyond this the answer does not change, only the cost.
const SAMPLE: usize = 1500;

pub fn detect(text: &str) -> Language {
    let end = text.char_indices().nth(SAMPLE).map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Language::undetermined();
    }
    match detector().detect(sample) {
        Some(info) => {
            Language { code: iso639_1(info.lang().code()).to_string(), confidence: round(info.confidence()) }
        }
        None => Language::undetermined(),
    }
}

/// Languages considered. Small languages whose trigrams resemble a big neighbour's (Catalan,
/// Esperanto, Latin, Afrikaans, ...) are left out: on short news text they are mostly wrong
/// guesses for English, Spanish or Dutch.
fn detector() -> whatlang::Detector {
    use whatlang::Lang::*;
    whatlang::Detector::with_allowlist(vec![
        Eng, Fra, Deu, Spa, Rus, Ara, Pes, Urd, Tur, Ita, Por, Nld, Ukr, Cmn, Jpn, Kor, Hin, Ben, Pol, Swe,
        Dan, Nob, Fin, Ces, Ell, Heb, Ind, Uzb, Ron, Hun, Bul, Srp, Hrv, Tha, Vie, Aze, Tgl, Amh, Kat, Hye,
        Bel, Slk, Slv, Lit, Lav, Est, Tam, Tel, Mar, Guj, Pan, Kan, Mal, Sin, Nep, Mya, Khm, Tuk, Mkd, Yid,
        Zul, Sna, Jav, Aka, Ori,
    ])
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// ISO 639-3 to 639-1 for the languages whatlang knows that have a two-letter code.
fn iso639_1(code: &str) -> &str {
    const MAP: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    MAP.iter().find(|(three, _)| *three == code).map_or(code, |(_, two)| two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_languages_of_the_reporting() {
        let cases = [
            (
                "en",
                "The Islamic State claimed responsibility for the attack through its Amaq news agency on Friday.",
            ),
            (
                "fr",
                "L'État islamique a revendiqué l'attentat par l'intermédiaire de son agence de propagande Amaq vendredi soir.",
            ),
            (
                "de",
                "Die Terrormiliz Islamischer Staat hat den Anschlag auf dem Stadtfest in Solingen für sich reklamiert.",
            ),
            (
                "es",
                "El Estado Islámico reivindicó el atentado a través de su agencia de propaganda Amaq el viernes por la noche.",
            ),
            (
                "ru",
                "Ответственность за нападение на концертный зал взяла на себя группировка «Исламское государство».",
            ),
        ];
        for (want, text) in cases {
            assert_eq!(detect(text).code, want, "{text}");
        }
        assert_eq!(detect("ISKP 2024").code, "und");
    }
}
