//! How two readings' groups and places relate: a group and its branches (through the groups
//! file's parents), and distances between places. Resolution and assessment both ask.

/// What resolution and assessment need to know of the groups file.
pub trait Groups {
    fn parent(&self, id: &str) -> Option<&str>;
    fn name(&self, id: &str) -> Option<&str>;
}

/// Cities this close (km) can be one attack's place ("near Moscow" and Krasnogorsk).
pub const NEAR_KM: f64 = 60.0;

/// The same group, or one a branch of the other ("ISIS" and "ISKP").
pub fn related(groups: &dyn Groups, a: &str, b: &str) -> bool {
    a == b || descends(groups, a, b) || descends(groups, b, a)
}

/// True when `child` is `ancestor` or one of its branches, however deep.
pub fn descends(groups: &dyn Groups, child: &str, ancestor: &str) -> bool {
    let mut at = Some(child);
    for _ in 0..16 {
        match at {
            Some(g) if g == ancestor => return true,
            Some(g) => at = groups.parent(g),
            None => return false,
        }
    }
    false
}

/// Great-circle distance in kilometres.
pub fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}
