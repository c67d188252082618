//! How a message names a time zone: by its city, the way people say it ("Moscow", «Москва»),
//! not by its IANA id ("Europe/Moscow"). Common zones have a Russian name; any other shows its
//! city as the id spells it ("America/Port_of_Spain" is "Port of Spain" in both languages).

/// IANA id → (English, Russian) for the zones Prost's users meet most.
const NAMED: &[(&str, &str, &str)] = &[
    ("Europe/Moscow", "Moscow", "Москва"),
    ("Europe/Kaliningrad", "Kaliningrad", "Калининград"),
    ("Europe/Samara", "Samara", "Самара"),
    ("Europe/Volgograd", "Volgograd", "Волгоград"),
    ("Asia/Yekaterinburg", "Yekaterinburg", "Екатеринбург"),
    ("Asia/Omsk", "Omsk", "Омск"),
    ("Asia/Novosibirsk", "Novosibirsk", "Новосибирск"),
    ("Asia/Krasnoyarsk", "Krasnoyarsk", "Красноярск"),
    ("Asia/Irkutsk", "Irkutsk", "Иркутск"),
    ("Asia/Yakutsk", "Yakutsk", "Якутск"),
    ("Asia/Vladivostok", "Vladivostok", "Владивосток"),
    ("Asia/Magadan", "Magadan", "Магадан"),
    ("Asia/Kamchatka", "Kamchatka", "Камчатка"),
    ("Europe/Minsk", "Minsk", "Минск"),
    ("Europe/Kyiv", "Kyiv", "Киев"),
    ("Europe/Kiev", "Kyiv", "Киев"),
    ("Asia/Almaty", "Almaty", "Алматы"),
    ("Asia/Tashkent", "Tashkent", "Ташкент"),
    ("Asia/Tbilisi", "Tbilisi", "Тбилиси"),
    ("Asia/Yerevan", "Yerevan", "Ереван"),
    ("Asia/Baku", "Baku", "Баку"),
    ("Europe/Istanbul", "Istanbul", "Стамбул"),
    ("Asia/Dubai", "Dubai", "Дубай"),
    ("Asia/Kathmandu", "Kathmandu", "Катманду"),
    ("Asia/Bangkok", "Bangkok", "Бангкок"),
    ("Asia/Tokyo", "Tokyo", "Токио"),
    ("Europe/London", "London", "Лондон"),
    ("Europe/Berlin", "Berlin", "Берлин"),
    ("Europe/Paris", "Paris", "Париж"),
    ("Europe/Prague", "Prague", "Прага"),
    ("Europe/Warsaw", "Warsaw", "Варшава"),
    ("Europe/Riga", "Riga", "Рига"),
    ("Europe/Vilnius", "Vilnius", "Вильнюс"),
    ("Europe/Tallinn", "Tallinn", "Таллин"),
    ("Europe/Helsinki", "Helsinki", "Хельсинки"),
    ("Europe/Belgrade", "Belgrade", "Белград"),
    ("America/New_York", "New York", "Нью-Йорк"),
    ("America/Los_Angeles", "Los Angeles", "Лос-Анджелес"),
    ("UTC", "UTC", "UTC"),
    ("Etc/UTC", "UTC", "UTC"),
];

/// The name of `zone` for a reader of Russian or English.
pub fn zone_name(zone: &str, russian: bool) -> String {
    if let Some((_, en, ru)) = NAMED.iter().find(|(id, _, _)| *id == zone) {
        return if russian { ru } else { en }.to_string();
    }
    // "America/Argentina/Buenos_Aires" → "Buenos Aires"; "EST5EDT" stays as it is.
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_named_by_their_city() {
        assert_eq!(zone_name("Europe/Moscow", false), "Moscow");
        assert_eq!(zone_name("Europe/Moscow", true), "Москва");
        assert_eq!(zone_name("Asia/Kathmandu", true), "Катманду");
        assert_eq!(zone_name("America/Argentina/Buenos_Aires", false), "Buenos Aires");
        assert_eq!(zone_name("America/Argentina/Buenos_Aires", true), "Buenos Aires");
        assert_eq!(zone_name("UTC", true), "UTC");
    }

    #[test]
    fn every_named_zone_exists() {
        for (id, _, _) in NAMED {
            assert!(jiff::tz::TimeZone::get(id).is_ok(), "{id}");
        }
    }
}
