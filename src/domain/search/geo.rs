//! Places as geo cells, so `near` is a lookup of a few index terms followed by an exact
//! great-circle check.
//!
//! Cells are latitude/longitude squares at three sizes (10°, 1°, 0.1°); each place is indexed in
//! one cell of each size. A query takes the finest size whose cells covering the circle number at
//! most [`MAX_CELLS`]. Longitude indexes wrap, so a circle across the antimeridian covers cells on
//! both sides; a circle reaching a pole covers every longitude of the polar rows.

/// Cell sizes in degrees, coarsest first; a cell term is `~<level>:<row>:<column>`.
pub const LEVELS: [f64; 3] = [10.0, 1.0, 0.1];
/// Most cells one query looks up.
pub const MAX_CELLS: usize = 36;
/// Mean Earth radius (IUGG), km.
pub const EARTH_KM: f64 = 6371.0088;

fn rows(size: f64) -> i64 {
    (180.0 / size).round() as i64
}

fn columns(size: f64) -> i64 {
    (360.0 / size).round() as i64
}

fn row(lat: f64, size: f64) -> i64 {
    (((lat + 90.0) / size).floor() as i64).clamp(0, rows(size) - 1)
}

fn column(lng: f64, size: f64) -> i64 {
    (((lng + 180.0) / size).floor() as i64).rem_euclid(columns(size))
}

fn cell(level: usize, row: i64, column: i64) -> String {
    format!("~{level}:{row}:{column}")
}

/// The cells a place at (`lat`, `lng`) is indexed in, one per level.
pub fn cells_of(lat: f64, lng: f64) -> Vec<String> {
    LEVELS.iter().enumerate().map(|(level, size)| cell(level, row(lat, *size), column(lng, *size))).collect()
}

/// Great-circle distance in km (haversine), right across the antimeridian and at the poles.
pub fn distance_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lng2 - lng1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// Cells covering every point within `radius_km` of (`lat`, `lng`), at the finest level that
/// needs at most [`MAX_CELLS`]; `None` when even the coarsest needs more (then the query checks
/// distances without a cell lookup).
pub fn covering(lat: f64, lng: f64, radius_km: f64) -> Option<Vec<String>> {
    // A small margin so rounding never drops a place on the circle's edge.
    let delta = radius_km / EARTH_KM * 1.001 + 1e-9;
    let dlat = delta.to_degrees();
    let (south, north) = (lat - dlat, lat + dlat);
    let polar = north >= 90.0 || south <= -90.0;
    // The widest longitude the circle reaches, where it is not around a pole.
    let ratio = delta.sin() / lat.to_radians().cos();
    let dlng = if polar || ratio >= 1.0 { None } else { Some(ratio.asin().to_degrees() + 1e-9) };
    for (level, size) in LEVELS.iter().enumerate().rev() {
        let row_range = row(south.max(-90.0), *size)..=row(north.min(90.0), *size);
        let column_list: Vec<i64> = match dlng {
            Some(d) if 2.0 * d < 360.0 - size => {
                let (first, last) =
                    (((lng - d + 180.0) / size).floor() as i64, ((lng + d + 180.0) / size).floor() as i64);
                (first..=last).map(|c| c.rem_euclid(columns(*size))).collect()
            }
            _ => (0..columns(*size)).collect(),
        };
        let count = (row_range.end() - row_range.start() + 1) as usize * column_list.len();
        if count <= MAX_CELLS {
            return Some(row_range.flat_map(|r| column_list.iter().map(move |c| cell(level, r, *c))).collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn distances_wrap_the_antimeridian_and_meet_at_the_poles() {
        assert!((distance_km(0.0, 179.99, 0.0, -179.99) - 2.22).abs() < 0.01);
        assert!(distance_km(89.99, 0.0, 89.99, 180.0) < 2.3, "over the pole, not round the world");
        assert!((distance_km(55.7558, 37.6173, 59.9343, 30.3351) - 634.0).abs() < 3.0, "Moscow–Petersburg");
    }

    #[test]
    fn a_circle_over_the_antimeridian_covers_both_sides() {
        let cells = covering(10.0, 179.99, 5.0).expect("a small circle has few cells");
        assert!(cells.iter().any(|c| c.ends_with(":3599")) && cells.iter().any(|c| c.ends_with(":0")), "{cells:?}");
    }

    #[test]
    fn a_circle_round_a_pole_covers_every_longitude_of_its_rows() {
        let cells = covering(89.95, 10.0, 20.0).expect("the coarse level covers it");
        let north = cells_of(89.9, -170.0);
        assert!(north.iter().any(|c| cells.contains(c)), "{cells:?}");
        assert_eq!(covering(0.0, 0.0, 20_000.0), None, "half the planet: distances are checked without cells");
    }

    proptest! {
        /// Every place within the radius lies in one of the covering cells.
        #[test]
        fn the_covering_holds_every_place_in_the_circle(
            lat in -90.0f64..=90.0, lng in -180.0f64..180.0, radius in 0.1f64..500.0,
            bearing in 0.0f64..360.0, fraction in 0.0f64..=1.0,
        ) {
            // A point at `fraction` of the radius along `bearing` (destination on a sphere).
            let (p1, l1, b) = (lat.to_radians(), lng.to_radians(), bearing.to_radians());
            let d = radius * fraction / EARTH_KM;
            let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
            let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
            let (lat2, lng2) = (p2.to_degrees(), (l2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0);
            prop_assume!(distance_km(lat, lng, lat2, lng2) <= radius);
            if let Some(cells) = covering(lat, lng, radius) {
                prop_assert!(cells_of(lat2, lng2).iter().any(|c| cells.contains(c)), "{lat2},{lng2} outside {cells:?}");
            }
        }
    }
}
