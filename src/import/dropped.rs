//! What the importer left out of a page as site chrome, so that its report
//! can name every block and nothing is lost silently.

/// Why a block of the page was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DropKind {
    /// A navigation menu, breadcrumbs or a table of contents of the site.
    Navigation,
    /// The page's header (logo, top bar).
    Header,
    /// The page's footer.
    Footer,
    /// A cookie or consent banner.
    CookieBanner,
    /// A "skip to content" link.
    SkipLink,
    /// A script, style or other non-text element.
    Script,
    /// A link with only an image in it.
    ImageLink,
    /// A language or region chooser.
    Chooser,
    /// A heading with no text (`## `): no section, and no title.
    EmptyHeading,
    /// Anything else recognised as not part of the policy.
    Other,
}

impl DropKind {
    /// How the report names this kind of block.
    pub fn label(self) -> &'static str {
        match self {
            DropKind::Navigation => "navigation",
            DropKind::Header => "page header",
            DropKind::Footer => "footer",
            DropKind::CookieBanner => "cookie banner",
            DropKind::SkipLink => "skip link",
            DropKind::Script => "script or style",
            DropKind::ImageLink => "image-only link",
            DropKind::Chooser => "language or region chooser",
            DropKind::EmptyHeading => "empty heading",
            DropKind::Other => "site chrome",
        }
    }
}

/// One block left out of the imported page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Why it was left out.
    pub kind: DropKind,
    /// Its first words (a few, as the report quotes them; empty for a
    /// block without text, like a script).
    pub first_words: String,
}
