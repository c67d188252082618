//! Coordinates read from the map links people paste for a place, so places get a pin without a
//! geocoding service. Each provider's link formats are matched by hand; anything else is `None`.

use serde::Serialize;
use url::Url;

/// A point on Earth in degrees (WGS 84), finite and in range when made by [`LatLng::new`].
///
/// Not `Deserialize`, so no point can arrive from outside without that check.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatLng {
    /// Latitude, −90 (south) to 90 (north).
    pub lat: f64,
    /// Longitude, −180 (west) to 180 (east).
    pub lng: f64,
}

impl LatLng {
    /// The point, or `None` when either number is NaN, infinite or out of range.
    pub fn new(lat: f64, lng: f64) -> Option<Self> {
        let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng);
        valid.then_some(Self { lat, lng })
    }
}

/// The map services whose links we understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapProvider {
    /// Yandex Maps (`yandex.ru/maps`, `maps.yandex.ru`, and the other country domains).
    Yandex,
    /// Google Maps (`google.<tld>/maps`, `maps.google.<tld>`, and the short-link hosts).
    Google,
    /// OpenStreetMap (`openstreetmap.org`, `osm.org`).
    OpenStreetMap,
    /// 2GIS (`2gis.ru`, `2gis.com`, `2gis.kz`, …).
    TwoGis,
}

/// Which map service a link points to, or `None` for other sites and non-links.
pub fn provider(url: &str) -> Option<MapProvider> {
    parse(url).and_then(|url| provider_of(&url))
}

/// The coordinates a map link carries, preferring a marked point over the viewport centre.
///
/// Short links (`maps.app.goo.gl/…`) carry none until followed, so they give `None`.
pub fn coordinates(url: &str) -> Option<LatLng> {
    let url = parse(url)?;
    match provider_of(&url)? {
        MapProvider::Yandex => yandex(&url),
        MapProvider::Google => google(&url),
        MapProvider::OpenStreetMap => openstreetmap(&url),
        MapProvider::TwoGis => two_gis(&url),
    }
}

/// Parses an http(s) link, adding the scheme people often leave out when copying from the bar.
fn parse(text: &str) -> Option<Url> {
    let text = text.trim();
    // Without "://", "yandex.ru:80/maps" would parse with `yandex.ru` as its scheme.
    let url = match Url::parse(text) {
        Ok(url) if text.contains("://") => url,
        _ => Url::parse(&format!("https://{text}")).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// Matches the host, and for Yandex and Google also the map path, since their other pages
/// (search, mail) take the same query parameters.
fn provider_of(url: &Url) -> Option<MapProvider> {
    let host = url.domain()?.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    let on_maps_path = url.path() == "/maps" || url.path().starts_with("/maps/");
    if let Some(tld) = host.strip_prefix("maps.yandex.").or(host.strip_prefix("yandex.")) {
        let yandex_tld = ["ru", "com", "kz", "by", "uz", "com.tr", "ua", "az", "com.am", "ge"];
        let is_map = host.starts_with("maps.") || on_maps_path || url.path().starts_with("/web-maps");
        return (is_map && yandex_tld.contains(&tld)).then_some(MapProvider::Yandex);
    }
    if let Some(tld) = host.strip_prefix("maps.google.").or(host.strip_prefix("google.")) {
        let is_map = host.starts_with("maps.") || on_maps_path;
        return (is_map && is_country_tld(tld)).then_some(MapProvider::Google);
    }
    match host {
        "maps.app.goo.gl" => Some(MapProvider::Google),
        "goo.gl" if on_maps_path => Some(MapProvider::Google),
        "openstreetmap.org" | "osm.org" => Some(MapProvider::OpenStreetMap),
        _ => host
            .strip_prefix("2gis.")
            .or(host.strip_prefix("go.2gis."))
            .filter(|tld| is_country_tld(tld))
            .map(|_| MapProvider::TwoGis),
    }
}

/// `com`, a two-letter country code, or `co.xx` / `com.xx`, the shapes Google and 2GIS use.
fn is_country_tld(tld: &str) -> bool {
    let cc = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
    let second_level = tld.strip_prefix("co.").or(tld.strip_prefix("com."));
    tld == "com" || cc(tld) || second_level.is_some_and(cc)
}

/// Yandex writes `lng,lat`: `whatshere[point]` and `pt` mark a point, `ll` is the map centre.
fn yandex(url: &Url) -> Option<LatLng> {
    let point = |key: &str| query(url, key).and_then(|v| lng_lat(v.split('~').next()?));
    point("whatshere[point]").or_else(|| point("pt")).or_else(|| point("ll"))
}

/// Google writes `lat,lng`. The `!3d…!4d…` data is the place itself, while `@` is the viewport.
fn google(url: &Url) -> Option<LatLng> {
    let segments: Vec<String> = url.path_segments()?.map(percent_decode).collect();
    let data = segments.iter().find_map(|s| google_data(s));
    let query_point = ["q", "query"].iter().find_map(|key| {
        let value = query(url, key)?;
        lat_lng(value.strip_prefix("loc:").unwrap_or(&value))
    });
    let path_point = segments.windows(2).find_map(|pair| match pair[0].as_str() {
        "search" | "place" => lat_lng(&pair[1]),
        _ => None,
    });
    let viewport = segments.iter().find_map(|s| lat_lng(s.strip_prefix('@')?));
    let centre = || ["ll", "center"].iter().find_map(|key| lat_lng(&query(url, key)?));
    data.or(query_point).or(path_point).or(viewport).or_else(centre)
}

/// Reads the `!3d<lat>!4d<lng>` pair out of a Google `data=` path segment.
fn google_data(segment: &str) -> Option<LatLng> {
    let (_, rest) = segment.split_once("!3d")?;
    let (lat, rest) = rest.split_once("!4d")?;
    let lng = rest.split('!').next()?;
    LatLng::new(number(lat)?, number(lng)?)
}

/// OpenStreetMap: `mlat`/`mlon` mark a point; `#map=zoom/lat/lng` is the view.
fn openstreetmap(url: &Url) -> Option<LatLng> {
    let marker = || LatLng::new(number(&query(url, "mlat")?)?, number(&query(url, "mlon")?)?);
    let view = || {
        let fragment = url.fragment()?;
        let (_, map) = url::form_urlencoded::parse(fragment.as_bytes()).find(|(k, _)| k == "map")?;
        let mut parts = map.split('/').skip(1);
        LatLng::new(number(parts.next()?)?, number(parts.next()?)?)
    };
    marker().or_else(view)
}

/// 2GIS writes `lng,lat`: as a path segment for a chosen object, in `m=lng,lat/zoom` for the view.
fn two_gis(url: &Url) -> Option<LatLng> {
    let object = url.path_segments()?.rev().find_map(|s| exact_lng_lat(&percent_decode(s)));
    let view = || lng_lat(query(url, "m")?.split('/').next()?);
    object.or_else(view)
}

/// The first value of a query parameter, percent- and plus-decoded.
fn query(url: &Url, key: &str) -> Option<String> {
    url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// `lat,lng` with anything after a further comma (zoom, street-view angles) ignored.
fn lat_lng(text: &str) -> Option<LatLng> {
    let mut parts = text.split(',');
    LatLng::new(number(parts.next()?)?, number(parts.next()?)?)
}

/// `lng,lat` with anything after a further comma (a Yandex pin style) ignored.
fn lng_lat(text: &str) -> Option<LatLng> {
    let mut parts = text.split(',');
    let lng = number(parts.next()?)?;
    LatLng::new(number(parts.next()?)?, lng)
}

/// Exactly `lng,lat` and nothing else, so no other path segment is mistaken for a point.
fn exact_lng_lat(text: &str) -> Option<LatLng> {
    let (lng, lat) = text.split_once(',')?;
    LatLng::new(number(lat)?, number(lng)?)
}

/// A plain decimal like `-37.61`: no exponents or words, which would only be typos in a link.
fn number(text: &str) -> Option<f64> {
    let text = text.trim().trim_start_matches('+');
    let plain = text.strip_prefix('-').unwrap_or(text);
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    text.parse().ok()
}

/// Decodes `%XX` escapes; bad escapes are kept as they are, since this is only for matching.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).filter(|h| bytes[i] == b'%' && h.iter().all(u8::is_ascii_hexdigit));
        match hex.and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()) {
            Some(byte) => (out.push(byte), i += 3),
            None => (out.push(bytes[i]), i += 1),
        };
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `provider lat lng link`, one per line: links as people copy them from each app. Where a
    /// link carries two points, the expected one is the marked place, not the viewport centre.
    const LINKS: &str = "
        Yandex 55.7 37.6 https://yandex.ru/maps/?ll=37.6,55.7
        Yandex 55.755814 37.617635 https://yandex.ru/maps/?ll=37.617635%2C55.755814&z=10
        Yandex 55.755864 37.617698 https://yandex.ru/maps/213/moscow/?ll=37.62,55.75&z=16&pt=37.617698,55.755864,pm2rdm~37.5,55.6
        Yandex 41.008238 28.978359 https://yandex.com.tr/maps/?whatshere%5Bpoint%5D=28.978359%2C41.008238&whatshere%5Bzoom%5D=17&ll=28.97%2C41.0
        Yandex 59.939095 30.315868 https://maps.yandex.ru/?ll=30.315868,59.939095&z=12
        Yandex 43.238293 76.945465 yandex.kz/maps/162/almaty/?ll=76.945465%2C43.238293&z=12
        Yandex 53.9 27.56 maps.yandex.by:443/?ll=27.56,53.9
        Google 55.7558 37.6173 https://www.google.com/maps/@55.7558,37.6173,15z
        Google 55.7539303 37.620795 https://www.google.ru/maps/place/Red+Square/@55.75,37.61,17z/data=!3m1!4b1!4m6!3m5!1s0x46b54a5a738fa419:0x7c347d7b7f6d2e6!8m2!3d55.7539303!4d37.620795!16zL20vMDRkd3o?entry=ttu
        Google 55.7558 37.6173 https://www.google.com/maps/search/55.7558,+37.6173?entry=tts
        Google 55.7558 37.6173 https://www.google.com/maps?q=55.7558,37.6173
        Google -33.8568 151.2153 https://www.google.com/maps/search/?api=1&query=-33.8568%2C151.2153
        Google 55.7558 37.6173 https://maps.google.com/?ll=55.7558,37.6173&z=15
        Google 51.5007 -0.1246 https://www.google.co.uk/maps/place/51.5007,-0.1246/@51.5,-0.12,17z
        OpenStreetMap 55.7558 37.6173 https://www.openstreetmap.org/#map=15/55.7558/37.6173
        OpenStreetMap 55.7558 37.6173 https://www.openstreetmap.org/?mlat=55.7558&mlon=37.6173#map=12/55.70/37.60
        OpenStreetMap -33.85678 151.21529 https://osm.org/#map=17/-33.85678/151.21529&layers=N
        TwoGis 55.755246 37.617734 https://2gis.ru/moscow/geo/4504127908538375/37.617734,55.755246
        TwoGis 43.238293 76.945465 https://2gis.kz/almaty/firm/70000001019386741/76.945465%2C43.238293?m=76.94%2C43.23%2F16
        TwoGis 25.2048 55.2708 https://2gis.com/dubai?m=55.2708%2C25.2048%2F15
        TwoGis 59.939095 30.315868 https://2gis.ru/spb?m=30.315868,59.939095/12
    ";

    #[test]
    fn reads_each_provider_link_format() {
        for line in LINKS.lines().filter(|line| !line.trim().is_empty()) {
            let [name, lat, lng, link] = line.split_whitespace().collect::<Vec<_>>()[..] else {
                panic!("bad fixture line {line:?}");
            };
            let expected = LatLng::new(lat.parse().expect("lat"), lng.parse().expect("lng"));
            assert_eq!(provider(link).map(|p| format!("{p:?}")).as_deref(), Some(name), "{link}");
            assert_eq!(coordinates(link), expected, "{link}");
        }
        let short = "https://maps.app.goo.gl/AbCdEf123";
        assert_eq!((provider(short), coordinates(short)), (Some(MapProvider::Google), None));
    }

    #[test]
    fn rejects_other_sites_bad_numbers_and_out_of_range_points() {
        for link in [
            "https://yandex.ru/maps/?ll=37.6,95.0",
            "https://www.google.com/maps/@NaN,inf,15z",
            "https://www.google.com/maps/@1e1,3,15z",
            "https://www.openstreetmap.org/#map=15/55.7/181",
            "https://yandex.ru/search/?text=cafe&ll=37.6,55.7",
            "https://www.google.com/search?q=55.7,37.6",
            "https://example.com/maps/@55.7,37.6,15z",
            "ftp://yandex.ru/maps/?ll=37.6,55.7",
            "",
            "not a link",
            "mailto:maps@yandex.ru",
        ] {
            assert_eq!(coordinates(link), None, "{link}");
        }
        assert_eq!(provider("https://example.com/maps"), None);
    }

    proptest! {
        #[test]
        fn any_text_gives_no_point_or_a_valid_one(
            text in prop_oneof![".*", "https://(www\\.|maps\\.)?(yandex\\.ru|google\\.com|openstreetmap\\.org|2gis\\.ru)/[ -~]{0,60}"],
        ) {
            if let Some(p) = coordinates(&text) {
                prop_assert!(LatLng::new(p.lat, p.lng).is_some(), "{p:?} from {text}");
            }
            let _ = provider(&text);
        }

        #[test]
        fn every_link_format_reads_back_its_point(lat in -90.0f64..=90.0, lng in -180.0f64..=180.0) {
            let links = [
                format!("https://yandex.ru/maps/?ll={lng},{lat}&z=12"),
                format!("https://yandex.com/maps/?pt={lng}%2C{lat}"),
                format!("https://yandex.by/maps/?whatshere%5Bpoint%5D={lng},{lat}&whatshere%5Bzoom%5D=17"),
                format!("https://www.google.com/maps/@{lat},{lng},15z"),
                format!("https://www.google.de/maps/place/X/@0,0,17z/data=!4m2!3m1!8m2!3d{lat}!4d{lng}"),
                format!("https://www.google.com/maps/search/{lat},+{lng}"),
                format!("https://www.google.com/maps/search/?api=1&query={lat}%2C{lng}"),
                format!("https://maps.google.com/?q={lat},{lng}"),
                format!("https://www.openstreetmap.org/#map=15/{lat}/{lng}"),
                format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lng}"),
                format!("https://2gis.ru/moscow/geo/1/{lng},{lat}"),
                format!("https://2gis.com/dubai?m={lng}%2C{lat}%2F15"),
            ];
            for link in links {
                let p = coordinates(&link).ok_or_else(|| TestCaseError::fail(link.clone()))?;
                prop_assert!((p.lat - lat).abs() < 1e-9 && (p.lng - lng).abs() < 1e-9, "{link}");
            }
        }
    }
}
