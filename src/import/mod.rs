//! `import`: a policy published today as a web page (saved HTML, or a
//! Markdown or text export of it) becomes a policy document: the site
//! around it left out and reported, headings made sections with ids, the
//! "Last Updated" line made a release date.

pub mod dropped;
pub mod html;
