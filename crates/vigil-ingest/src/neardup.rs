//! MinHash over word shingles: the fingerprint that finds syndicated copies and lightly
//! edited rewrites without comparing every pair of documents.
//!
//! Words are lowercased alphanumeric runs; shingles are three consecutive words. Each of the
//! 128 hash functions is `a·x + b` over a 64-bit shingle hash (a universal family), keeping
//! the top 32 bits. All constants are fixed, so fingerprints stored by one version of vigil
//! stay comparable with the next.

#[cfg(test)]
use vigil_core::NEAR_DUPLICATE as THRESHOLD;
use vigil_core::{Fingerprint, MINHASH_LEN};

const SHINGLE: usize = 3;

pub fn fingerprint(text: &str) -> Fingerprint {
    let (a, b) = coefficients();
    let mut minhash = vec![u32::MAX; MINHASH_LEN];
    let words: Vec<u64> = words(text).collect();
    let mut add = |shingle: u64| {
        for ((m, &a), &b) in minhash.iter_mut().zip(&a).zip(&b) {
            let v = (a.wrapping_mul(shingle).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(v);
        }
    };
    if words.is_empty() {
        // No words at all (symbols, emoji): the characters stand in, so that two such texts
        // are not taken for copies of each other.
        text.chars().for_each(|c| add(mix(u64::from(c))));
    } else if words.len() < SHINGLE {
        words.iter().for_each(|&w| add(w));
    } else {
        for window in words.windows(SHINGLE) {
            add(mix(window.iter().fold(0x9e37_79b9_7f4a_7c15, |h, &w| mix(h ^ w))));
        }
    }
    Fingerprint { minhash }
}

/// FNV-1a hashes of the lowercased words of `text`.
fn words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| {
        let mut h = 0xcbf2_9ce4_8422_2325_u64;
        for c in w.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for &byte in c.encode_utf8(&mut buf).as_bytes() {
                h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    })
}

/// SplitMix64's finaliser: a strong, fixed 64-bit mixing function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn coefficients() -> ([u64; MINHASH_LEN], [u64; MINHASH_LEN]) {
    let mut a = [0u64; MINHASH_LEN];
    let mut b = [0u64; MINHASH_LEN];
    for i in 0..MINHASH_LEN {
        a[i] = mix(0x5eed_0000 + 2 * i as u64) | 1;
        b[i] = mix(0x5eed_0000 + 2 * i as u64 + 1);
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Austrian authorities said on Wednesday that they had arrested a 19-year-old man suspected of planning an attack on one of the concerts scheduled in Vienna this week. The organiser cancelled all three shows after police said the suspect had pledged allegiance to the Islamic State group. Officials said a second suspect was detained later in the day and that investigators were searching his home. The interior minister said the situation was serious but that the plot had been stopped before any harm was done.";

    #[test]
    fn a_syndicated_copy_is_near_and_another_story_is_not() {
        let copy = format!(
            "{}\n\nThis report was distributed by Meridian Wire.",
            WIRE.replace("on Wednesday", "on Wednesday evening")
        );
        let other = "Two explosions struck a memorial ceremony in the Iranian city of Kerman, state media said, killing scores of people who had gathered near the tomb of a senior commander. Officials described the blasts as a terrorist attack.";
        let base = fingerprint(WIRE);
        assert!(
            base.similarity(&fingerprint(&copy)) >= THRESHOLD,
            "{}",
            base.similarity(&fingerprint(&copy))
        );
        assert!(base.similarity(&fingerprint(other)) < 0.1);
        assert_eq!(base, fingerprint(&WIRE.to_uppercase()), "case does not matter");
    }

    #[test]
    fn fingerprints_are_stable_across_versions() {
        // Stored fingerprints must stay comparable: this value may never change.
        let f = fingerprint("Crocus City Hall attack");
        assert_eq!(&f.minhash[..3], &[932_200_723, 1_872_255_387, 660_794_465]);
        // Band keys are stored in the index too.
        assert_eq!(&f.band_keys()[..2], &[7_427_218_488_081_170_619, 6_227_446_304_347_472_015]);
    }

    #[test]
    fn texts_without_words_are_not_all_alike() {
        assert!(fingerprint("★ ★ ★").similarity(&fingerprint("→ ← ↑")) < 0.5);
    }
}
