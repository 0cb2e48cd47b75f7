//! Markdown is parsed once per source: what a variant's readers see is
//! assembled from the sources' parse (supplements applied, variables
//! substituted), never by reading the variant's text again. These tests
//! hold that assembly to the reading it replaces: for every variant of the
//! example, the fixtures, a synthetic project, hand-made awkward sources and
//! generated ones, both give the same sections, headings and blocks.

use std::path::Path;

use policyc::diagnostics::Diagnostics;
use policyc::markdown::visible::visible_with_title;
use policyc::resolve::Resolver;
use policyc::source::load;
use proptest::prelude::*;

use crate::support::{MINIMAL_CONFIG, Project};

/// Checks every variant of the project at `root`; returns how many, and
/// how many of them were assembled from the parse rather than read whole.
fn assembled_as_read_whole(root: &Path) -> (usize, usize) {
    let diags = Diagnostics::default();
    let project = load(root, &diags);
    let resolver = Resolver::new(&project, &diags);
    let mut checked = 0;
    let mut assembled = 0;
    for key in resolver.keys() {
        let Some(variant) = resolver.resolve(&key, &diags) else {
            continue;
        };
        checked += 1;
        // `visible()` reads the variant whole itself when it cannot be
        // assembled; what it assembles must be what that reading gives.
        if let Some(from_parse) = variant.assembled() {
            let read_whole = visible_with_title(&variant.markdown(), &variant.title);
            assert_eq!(
                from_parse,
                read_whole,
                "{key}: the sources' parse and the variant read whole differ\n{}",
                variant.markdown()
            );
            assembled += 1;
        }
    }
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    (checked, assembled)
}

#[test]
fn the_example_fixtures_and_a_synthetic_project_read_the_same_either_way() {
    assert_eq!(assembled_as_read_whole(Project::example().root()), (20, 20));
    for fixture in ["valid", "multilingual", "numbered-terms"] {
        let (checked, assembled) = assembled_as_read_whole(Project::fixture(fixture).root());
        assert!(
            checked > 0 && assembled == checked,
            "{fixture}: {assembled} of {checked}"
        );
    }
    let synthetic = Project::empty();
    policyc_testkit::synthetic::generate(
        synthetic.root(),
        policyc_testkit::synthetic::Shape {
            documents: 2,
            regions: 6,
            locales: 3,
        },
    )
    .expect("write a synthetic project");
    assert_eq!(assembled_as_read_whole(synthetic.root()), (36, 36));
}

/// A base document and a supplement with the shapes real policies have:
/// reference links defined at the bottom, footnotes, tables, raw HTML,
/// quotes, nested lists, code, setext headings, inline markup in headings,
/// variables in headings and bodies, a preamble in both files.
const AWKWARD_BASE: &str = "---
title: Privacy at {{ company }}
---
Intro for {{ company }}, see [our rules][rules] and the note.[^n]

<!-- reviewed by legal -->

## What we *collect* and `why` {#collect}

- Contact details
  - e-mail, phone
- Usage data, as [described][rules]

| Kind | Kept |
|------|-----:|
| logs | 30 days |

Setext section
--------------

> A quoted promise
> on two lines.

<div class=\"box\">
Raw <b>HTML</b> block
</div>

## Rights in {{ place }} {#rights}

You may ask {{ company }} at <privacy@example.com>.

```
code stays code
```

## Contact {#contact}

Write to us.

[rules]: https://example.com/rules \"Rules\"
[^n]: A footnote, defined last.
";

const AWKWARD_SUPPLEMENT: &str = "Extra intro for this region, under [the rules][rules].

## Local rights {#local after=rights}

Residents may also ask, see [the rules][rules] and [ours][local].

[local]: https://example.com/local

## Contact {#contact}

Write to {{ company }} here.
";

#[test]
fn awkward_sources_read_the_same_either_way() {
    let config = format!("{MINIMAL_CONFIG}  place: \"Zone {{A}}\"\n");
    let project = Project::from_files(&[
        ("policyc.yaml", &config),
        ("policies/privacy/en-US.md", AWKWARD_BASE),
        (
            "regions/global.yaml",
            "name: Everywhere\nlocales: [en-US]\n",
        ),
        ("regions/west.yaml", "name: West\nparent: global\n"),
        ("regions/west/privacy.en-US.md", AWKWARD_SUPPLEMENT),
    ]);
    // The supplement replaces the section that holds `[rules]`, which
    // both files use: the west variant is read whole.
    assert_eq!(assembled_as_read_whole(project.root()), (2, 1));
}

/// Pieces joined from several files where reading the variant whole sees
/// more than reading each piece: a definition a variable writes, one a
/// variable unmakes, and a supplement section, placed in the middle, that
/// leaves a code fence open.
#[test]
fn definitions_made_by_variables_and_blocks_left_open_read_the_same_either_way() {
    let config = format!(
        "{MINIMAL_CONFIG}  link: https://example.com/linked\n  definition: \"[made]: https://example.com/made\"\n"
    );
    let base = "---
title: Privacy
---
## First {#first}

[site]: {{ link }}
{{ definition }}

## Second {#second}

Visit [the site][site], [the made one][made] and [ours][ours].

[ours]: {{company}}

## Third {#third}

[ours]: https://example.com/ours
";
    let supplement = "## Middle {#middle after=first}

```
a fence the file never closes
";
    let project = Project::from_files(&[
        ("policyc.yaml", &config),
        ("policies/privacy/en-US.md", base),
        (
            "regions/global.yaml",
            "name: Everywhere\nlocales: [en-US]\n",
        ),
        ("regions/west.yaml", "name: West\nparent: global\n"),
        ("regions/west/privacy.en-US.md", supplement),
    ]);
    assert_eq!(assembled_as_read_whole(project.root()), (2, 0));
}

/// The building blocks of generated section bodies.
const SNIPPETS: &[&str] = &[
    "A plain paragraph with *emphasis* and `code`.\n",
    "A paragraph\nwrapped over\nthree lines.\n",
    "- one item\n- two items\n  - nested\n",
    "1. first\n2. second\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> quoted text\n",
    "```\nfenced code\n```\n",
    "<!-- a comment -->\n",
    "<p>Raw <em>html</em> paragraph</p>\n",
    "See [a link](https://example.com/a) here.\n",
    "See [the reference][ref] here.\n",
    "A footnote call.[^f]\n\n[^f]: The note.\n",
    "Mail <team@example.com> or visit <https://example.com>.\n",
    "Uses {{ company }} twice: {{ company }}.\n",
    "***\n",
    "    indented code\n",
    // A definition that only substitution makes one, and one that it unmakes.
    "[ref]: {{ link }}\n\nSee [ref].\n",
    "[ref]: {{company}}\n",
];

/// What a file may end with: nothing, or a block never closed, which takes
/// in what follows the file's last section when the variant is read whole.
const TAILS: &[&str] = &["", "```\nfence left open\n", "<!-- comment left open\n"];

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SNIPPETS), 0..5).prop_map(|parts| parts.join("\n"))
}

fn document() -> impl Strategy<Value = (String, String)> {
    (
        body(),
        prop::collection::vec((1u8..4, body()), 1..6),
        body(),
        any::<bool>(),
        prop::sample::select(TAILS),
    )
        .prop_map(|(preamble, sections, supplement_body, with_refs, tail)| {
            let mut base = format!("---\ntitle: Generated\n---\n{preamble}\n");
            for (k, (level, text)) in sections.iter().enumerate() {
                let hashes = "#".repeat(usize::from(*level) + 1);
                base.push_str(&format!("{hashes} Section *{k}* {{#s{k}}}\n\n{text}\n"));
            }
            if with_refs {
                base.push_str("\n[ref]: https://example.com/ref\n");
            }
            let supplement = format!(
                "## Added here {{#added after=s0}}\n\n{supplement_body}\n\n## At the end {{#appended append}}\n\n{supplement_body}\n\n## Replaced {{#s0}}\n\n{supplement_body}\n{tail}"
            );
            (base, supplement)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_sources_read_the_same_either_way((base, supplement) in document()) {
        let config = format!("{MINIMAL_CONFIG}  link: https://example.com/linked\n");
        let project = Project::from_files(&[
            ("policyc.yaml", &config),
            ("policies/privacy/en-US.md", &base),
            ("regions/global.yaml", "name: Everywhere\nlocales: [en-US]\n"),
            ("regions/west.yaml", "name: West\nparent: global\n"),
            ("regions/west/privacy.en-US.md", &supplement),
        ]);
        prop_assert_eq!(assembled_as_read_whole(project.root()).0, 2);
    }
}

/// Sections whose heading opens a list item, their heading and indented
/// text changed by variables (a paragraph, a nested list, code under the item, an item of
/// ten, and a list in a list), replaced and placed by a supplement: read
/// from the parse, they read as the variant read whole.
#[test]
fn sections_in_numbered_items_changed_by_variables_read_the_same_either_way() {
    let base = "---
title: Terms
---
Intro for {{ company }}.

1. #### One {#one}

   {{ company }} keeps this.

   - a {{ company }} item
   - another

       code under the item

2. #### Two {#two}
   Tight text of {{ company }}.
10. #### Ten for {{ company }} {#ten}

    Text of ten for {{ company }}.

    Still ten.

- 1. ## Nested {#nested}

     Nested text of {{ company }}.

After the list, {{ company }}.
";
    let supplement = "2. #### Two again {#two}

   West text of {{ company }}.

#### Placed {#placed after=ten}

Placed text of {{ company }}.
";
    let project = Project::from_files(&[
        ("policyc.yaml", MINIMAL_CONFIG),
        ("policies/privacy/en-US.md", base),
        (
            "regions/global.yaml",
            "name: Everywhere\nlocales: [en-US]\n",
        ),
        ("regions/west.yaml", "name: West\nparent: global\n"),
        ("regions/west/privacy.en-US.md", supplement),
    ]);
    assert_eq!(assembled_as_read_whole(project.root()), (2, 2));
}
