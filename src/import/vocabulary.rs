//! The words site chrome is written in, shared by the HTML rules
//! (`html::chrome`) and the Markdown and text rules (`chrome`): a phrase
//! added here is known to both. Lowercase; in the theme's languages.

/// How skip links begin ("Skip to main content").
pub const SKIP_TEXTS: &[&str] = &[
    "skip to",
    "skip navigation",
    "jump to content",
    "jump to main",
    "zum inhalt",
    "zum hauptinhalt",
    "direkt zum inhalt",
    "aller au contenu",
    "passer au contenu",
    "ir al contenido",
    "saltar al contenido",
    "vai al contenuto",
    "naar de inhoud",
];

/// What "back to top" links say, whole.
pub const TOP_TEXTS: &[&str] = &[
    "top",
    "to top",
    "back to top",
    "return to top",
    "scroll to top",
    "↑",
    "↑ top",
    "^",
    "nach oben",
    "zurück nach oben",
    "haut de page",
    "retour en haut",
    "volver arriba",
    "torna su",
];

/// Whether `words` (lowercase, trimmed) is a skip link's text.
pub fn is_skip_text(words: &str) -> bool {
    SKIP_TEXTS.iter().any(|t| words.starts_with(t)) && words.split_whitespace().count() <= 8
}

/// Whether `words` (lowercase, trimmed) is a "back to top" link's text.
pub fn is_top_text(words: &str) -> bool {
    TOP_TEXTS.contains(&words)
}

/// How cookie banners begin.
pub const COOKIE_TEXTS: &[&str] = &[
    "we use cookies",
    "this website uses cookies",
    "this site uses cookies",
    "our website uses cookies",
    "we and our partners use cookies",
    "wir verwenden cookies",
    "diese website verwendet cookies",
    "wir nutzen cookies",
    "nous utilisons des cookies",
    "ce site utilise des cookies",
    "utilizamos cookies",
    "este sitio web utiliza cookies",
    "utilizziamo i cookie",
];

/// The words on a cookie banner's buttons: each alone is a button.
pub const COOKIE_BUTTONS: &[&str] = &[
    "accept",
    "accept all",
    "accept cookies",
    "reject",
    "reject all",
    "decline",
    "allow",
    "allow all",
    "agree",
    "ok",
    "manage preferences",
    "cookie settings",
    "manage cookies",
    "akzeptieren",
    "alle akzeptieren",
    "ablehnen",
    "aceptar",
    "rechazar",
    "accepter",
    "refuser",
    "tout accepter",
    "tout refuser",
];

/// More words a consent banner's buttons say, beside [`COOKIE_BUTTONS`]
/// ("Manage", "Settings"): on a line of such words only, at the top.
pub const CONSENT_WORDS: &[&str] = &[
    "all",
    "manage",
    "settings",
    "preferences",
    "customise",
    "customize",
    "options",
    "alle",
    "einstellungen",
    "anpassen",
    "verwalten",
    "tout",
    "tous",
    "paramètres",
    "personnaliser",
    "gérer",
    "todas",
    "todo",
    "configurar",
    "ajustes",
    "gestionar",
];

/// Names of the consent tools and banners that are never policy text (as
/// class names and ids carry them, and as "powered by" lines name them).
pub const CONSENT_TOOLS: &[&str] = &[
    "onetrust",
    "cookiebot",
    "cookieconsent",
    "cookie-consent",
    "cookie_consent",
    "cookiebanner",
    "cookie-banner",
    "cookie_banner",
    "cookie-notice",
    "cookie-bar",
    "cookiebar",
    "cookie-popup",
    "cookielaw",
    "consent-banner",
    "consent-manager",
    "gdpr-banner",
    "cc-window",
    "cc-banner",
    "usercentrics",
    "didomi",
    "truste-consent",
];

/// Where share buttons lead.
pub const SHARE_URLS: &[&str] = &[
    "facebook.com/sharer",
    "twitter.com/intent",
    "x.com/intent",
    "linkedin.com/share",
    "pinterest.com/pin/create",
    "wa.me/?text",
    "reddit.com/submit",
];

/// Names a share bar goes by (a class name's word, or a line's words).
pub const SHARE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "sharebar",
    "addtoany",
    "share post",
    "share this",
    "share this page",
    "tweet",
    "teilen",
    "partager",
    "compartir",
];

/// What a footer's columns are called (the whole heading, lowercase). A
/// policy's last section may be called so too ("Resources", "Help" over a
/// regulator's links): such a heading at the level of the policy's own
/// sections is the footer's only over the site's own links.
pub const FOOTER_HEADINGS: &[&str] = &[
    "company",
    "our company",
    "about",
    "about us",
    "support",
    "help",
    "help & support",
    "customer service",
    "customer care",
    "resources",
    "legal",
    "shop",
    "explore",
    "more",
    "unternehmen",
    "über uns",
    "hilfe",
    "rechtliches",
    "entreprise",
    "à propos",
    "aide",
    "empresa",
    "sobre nosotros",
    "ayuda",
];

/// What only a footer's columns are called, never a policy's section:
/// over any links, at any level, they are the footer's.
pub const SITE_COLUMN_HEADINGS: &[&str] = &[
    "follow us",
    "connect",
    "connect with us",
    "social",
    "stay in touch",
    "quick links",
    "folgen sie uns",
    "suivez-nous",
    "síguenos",
];

/// Social networks' hosts: a footer's links to them are the site's.
pub const SOCIAL_HOSTS: &[&str] = &[
    "facebook.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "youtube.com",
    "tiktok.com",
    "pinterest.com",
    "threads.net",
    "bsky.app",
    "mastodon.social",
];

/// Words that make a link's text a notice, a policy or a statement of
/// rights ("Notice to California Residents", "Your EU/UK rights"): with a
/// region's name, the link is a regional notice; a region's name alone
/// ("California", "California Poppy Seeds") is a place or a product.
/// Whole words.
pub const NOTICE_WORDS: &[&str] = &[
    "notice",
    "notices",
    "policy",
    "policies",
    "privacy",
    "rights",
    "statement",
    "disclosure",
    "disclosures",
    "supplement",
    "addendum",
    "residents",
    "avis",
    "droits",
    "confidentialité",
    "aviso",
    "derechos",
    "privacidad",
    "informativa",
];

/// Parts of words that make a notice in languages that join words
/// ("Datenschutzhinweise", "Verbraucherrechte").
pub const NOTICE_STEMS: &[&str] = &["datenschutz", "hinweis", "rechte", "erklärung"];

/// Phrases that are a regional notice by themselves ("CCPA", "Do Not Sell
/// My Personal Information"), and the region id they suggest.
pub const REGIONAL_STATEMENTS: &[(&str, &str)] = &[
    ("ccpa", "us-ca"),
    ("cpra", "us-ca"),
    ("notice at collection", "us-ca"),
    ("your privacy choices", "us"),
    ("do not sell", "us"),
    ("do not share", "us"),
    ("gdpr", "eu"),
    ("dsgvo", "eu"),
    ("rgpd", "eu"),
    ("uk gdpr", "uk"),
];

/// Names of groups of countries a notice is written for, and the region
/// id they suggest; countries and US states are in `countries.rs`.
/// Whole words.
pub const REGION_NAMES: &[(&str, &str)] = &[
    ("eu/uk", "eu"),
    ("eu", "eu"),
    ("eea", "eu"),
    ("ewr", "eu"),
    ("european", "eu"),
    ("europe", "eu"),
    ("europa", "eu"),
    ("europäische", "eu"),
    ("européen", "eu"),
    ("européenne", "eu"),
    ("europeo", "eu"),
    ("europea", "eu"),
    ("ue", "eu"),
    ("eee", "eu"),
];

/// Law acronyms: a link whose text is only these (with `EU`, `UK`) names
/// a law, not the company's notice under it. Whole words.
pub const LAW_ACRONYMS: &[&str] = &[
    "gdpr", "dsgvo", "rgpd", "ccpa", "cpra", "cpa", "vcdpa", "ctdpa", "ucpa", "lgpd", "pipeda",
    "bdsg", "tdddg", "ttdsg", "lopdgdd", "lopd", "lfpdppp", "dsg", "fadp", "nfadp", "revdsg",
    "hipaa", "coppa", "ferpa", "glba", "appi", "pipl", "pdpa", "popia", "kvkk", "pipa", "dpa",
];

/// The last word of a law's name ("California Consumer Privacy Act",
/// "General Data Protection Regulation", "Bundesdatenschutzgesetz"): a
/// word, or the end of a joined German word.
pub const LAW_ENDINGS: &[&str] = &[
    "act",
    "regulation",
    "law",
    "code",
    "statute",
    "directive",
    "ordinance",
    "gesetz",
    "verordnung",
    "richtlinie",
    "règlement",
    "reglamento",
    "directiva",
];

/// The first word of a law's name in French, Spanish and Portuguese
/// ("Loi Informatique et Libertés", "Ley Orgánica…", "Lei Geral…"), and
/// of a reference to an article of one ("Article 17 GDPR").
pub const LAW_STARTS: &[&str] = &[
    "loi",
    "ley",
    "lei",
    "art",
    "article",
    "artikel",
    "artículo",
    "articulo",
    "§",
];

/// Words that make a law's name in a link a notice of the company's
/// ("Notice under the California Consumer Privacy Act"). Whole words, or
/// parts of joined German words.
pub const NOT_A_LAW: &[&str] = &[
    "notice",
    "notices",
    "statement",
    "disclosure",
    "disclosures",
    "supplement",
    "addendum",
    "your",
    "our",
    "avis",
    "aviso",
    "informativa",
    "votre",
    "vos",
    "tus",
    "sus",
    "ihre",
    "hinweis",
    "erklärung",
];

/// Hosts of governments, legislatures and official law gazettes: a link
/// there is a reference to a law or an authority, not a notice of the
/// company's. A host that is one of these or ends with `.` and one.
pub const LEGISLATION_HOSTS: &[&str] = &[
    "europa.eu",
    "legislation.gov.uk",
    "gesetze-im-internet.de",
    "legifrance.gouv.fr",
    "boe.es",
    "admin.ch",
    "ico.org.uk",
    "normattiva.it",
    "overheid.nl",
    "ris.bka.gv.at",
    "dejure.org",
    "gc.ca",
    "planalto.gov.br",
    "dof.gob.mx",
];

/// Labels of a host that mark a government ("gov", "gouv", "gob", "govt",
/// "gv"; `.gov`, `.gov.uk`, `.gouv.fr`, `.gob.es`, `.gv.at`…) or a
/// legislature ("leginfo.legislature.ca.gov", "legis.state.ia.us").
pub const LEGISLATION_LABELS: &[&str] = &[
    "gov",
    "gouv",
    "gob",
    "govt",
    "gv",
    "legislature",
    "legislation",
    "leginfo",
    "legis",
];

/// Whether `entry` names a language or locale: an endonym or English name
/// (a region in brackets allowed), or a code like `de`, `en-US`, `fr_CA`.
pub fn is_language(entry: &str) -> bool {
    let entry = entry.trim();
    if is_locale_code(entry) {
        return true;
    }
    let base = entry
        .split(['(', '/', '|', '-', '–'])
        .next()
        .unwrap_or(entry)
        .trim();
    let lower = base.to_lowercase();
    LANGUAGE_NAMES.contains(&lower.as_str())
}

/// `de`, `en-US`, `fr_CA`, `zh-Hant`.
fn is_locale_code(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let lang = parts.next().unwrap_or_default();
    // Two letters only: three-letter words ("FAQ", "Top") are menu entries.
    let lang_ok = lang.len() == 2 && lang.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    lang_ok && rest_ok
}

/// Language names as choosers write them (lowercased): each in its own
/// language and in English.
const LANGUAGE_NAMES: &[&str] = &[
    "english",
    "deutsch",
    "german",
    "français",
    "francais",
    "french",
    "español",
    "espanol",
    "spanish",
    "italiano",
    "italian",
    "nederlands",
    "dutch",
    "português",
    "portugues",
    "portuguese",
    "polski",
    "polish",
    "svenska",
    "swedish",
    "dansk",
    "danish",
    "norsk",
    "norwegian",
    "suomi",
    "finnish",
    "čeština",
    "czech",
    "magyar",
    "hungarian",
    "română",
    "romanian",
    "ελληνικά",
    "greek",
    "русский",
    "russian",
    "türkçe",
    "turkish",
    "日本語",
    "japanese",
    "中文",
    "简体中文",
    "繁體中文",
    "chinese",
    "한국어",
    "korean",
    "العربية",
    "arabic",
    "עברית",
    "hebrew",
    "हिन्दी",
    "hindi",
    "ไทย",
    "thai",
    "tiếng việt",
    "vietnamese",
    "bahasa indonesia",
    "indonesian",
    "bahasa melayu",
    "українська",
    "ukrainian",
    "български",
    "bulgarian",
    "hrvatski",
    "croatian",
    "slovenčina",
    "slovak",
    "slovenščina",
    "slovenian",
    "català",
    "catalan",
    "lietuvių",
    "lithuanian",
    "latviešu",
    "latvian",
    "eesti",
    "estonian",
    "íslenska",
    "gaeilge",
    "euskara",
    "galego",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_codes_and_language_names_are_languages() {
        for entry in [
            "de",
            "EN",
            "en-US",
            "fr_CA",
            "Deutsch",
            "English (UK)",
            "Français",
            "Svenska",
        ] {
            assert!(is_language(entry), "{entry}");
        }
        for entry in ["Contact", "Privacy Policy", "Home", "Terms of Use"] {
            assert!(!is_language(entry), "{entry}");
        }
    }
}
