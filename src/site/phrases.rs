//! The numbers and lists the theme's phrases are filled with, written as
//! the page's locale writes them (ICU data, through [`crate::locale`]).

use crate::locale::{format_list, format_number};

/// A version number as shown in a phrase's `{n}` ("Version {n}", the
/// archived notices): `3` in `de-DE`, `٣` in `ar-EG`, `۳` in `fa-IR`.
pub fn version_number(locale: &str, n: u32) -> String {
    format_number(locale, u64::from(n))
}

/// Section headings joined into one phrase's list (`{sections}`): "Cookies,
/// Your rights, and Contact" in `en-US`, "Cookies, Ihre Rechte und Kontakt"
/// in `de-DE`, "クッキー、権利、連絡先" in `ja-JP`.
pub fn join_sections<S: AsRef<str>>(locale: &str, items: &[S]) -> String {
    format_list(locale, items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers_and_section_lists_follow_the_locale() {
        assert_eq!(version_number("en-US", 12), "12");
        assert_eq!(version_number("ar-EG", 12), "١٢");
        assert_eq!(version_number("fa-IR", 3), "۳");
        assert_eq!(
            join_sections("en-US", &["Cookies", "Your rights", "Contact"]),
            "Cookies, Your rights, and Contact"
        );
        assert_eq!(
            join_sections("de-DE", &["Cookies", "Ihre Rechte", "Kontakt"]),
            "Cookies, Ihre Rechte und Kontakt"
        );
        assert_eq!(
            join_sections("ja-JP", &["クッキー", "権利", "連絡先"]),
            "クッキー、権利、連絡先"
        );
    }
}
