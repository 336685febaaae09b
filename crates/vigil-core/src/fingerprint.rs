//! MinHash fingerprints, the value type behind near-duplicate detection.
//!
//! The signature is computed in `vigil-ingest`; stores persist it and index its band keys so
//! that finding the candidates for a new document is a few index lookups, not a scan.

/// Hash values in a signature.
pub const MINHASH_LEN: usize = 128;
/// Locality-sensitive-hashing bands; with 4 rows each, documents with a Jaccard similarity of
/// 0.5 share at least one band with probability 0.87, and at 0.7 with probability 0.9999.
pub const BANDS: usize = 32;
pub const ROWS_PER_BAND: usize = MINHASH_LEN / BANDS;

/// Estimated Jaccard similarity at or above which a document is a near-duplicate of another.
pub const NEAR_DUPLICATE: f64 = 0.5;

/// A MinHash signature over a document's word shingles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub minhash: Vec<u32>,
}

impl Fingerprint {
    /// The estimated Jaccard similarity of the two shingle sets (share of equal minima).
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let n = self.minhash.len().min(other.minhash.len());
        if n == 0 {
            return 0.0;
        }
        let same = self.minhash.iter().zip(&other.minhash).filter(|(a, b)| a == b).count();
        same as f64 / n as f64
    }

    /// One key per band: a hash of the band's index and its rows. Two documents that share a
    /// key are candidates for a closer comparison.
    pub fn band_keys(&self) -> Vec<i64> {
        self.minhash
            .chunks(ROWS_PER_BAND)
            .enumerate()
            .map(|(band, rows)| {
                let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ band as u64;
                for &v in rows {
                    h = (h ^ u64::from(v)).wrapping_mul(0x0100_0000_01b3);
                    h ^= h >> 29;
                }
                h as i64
            })
            .collect()
    }

    /// The signature as little-endian bytes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.minhash.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Fingerprint {
        let minhash = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Fingerprint { minhash }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_similarity() {
        let a = Fingerprint { minhash: (0..128).collect() };
        let mut b = a.clone();
        for v in b.minhash.iter_mut().take(32) {
            *v += 1000;
        }
        assert_eq!(Fingerprint::from_bytes(&a.to_bytes()), a);
        assert_eq!(a.similarity(&b), 0.75);
        assert_eq!(a.band_keys().len(), BANDS);
        let shared = a.band_keys().iter().zip(b.band_keys()).filter(|(x, y)| **x == *y).count();
        assert_eq!(shared, BANDS - 8);
    }
}
