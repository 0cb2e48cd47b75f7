//! policyc's integration tests, in one binary: each module tests one
//! behaviour of the `policyc` binary or of the library on fixture projects
//! (`tests/fixtures/`), sharing what they need through [`support`].

mod support;

mod bad_input;
mod browser;
mod build;
mod diff;
mod diff_cli;
mod diff_props;
mod diff_snapshots;
mod document_links;
mod example;
mod fallbacks;
mod hardening_config;
mod hardening_diagnostics;
mod hardening_fuzz;
mod hardening_history;
mod hardening_history_links;
mod hardening_link_messages;
mod hardening_output;
mod hardening_regions;
mod hardening_release;
mod hardening_serve;
mod hardening_sources;
mod hardening_template_errors;
mod hardening_templates;
mod hardening_terminal;
mod hardening_text;
mod import;
mod links;
mod locales;
mod messages;
mod no_panic;
mod output;
mod page;
mod page_model;
mod parse_once;
mod release;
mod release_bad_input;
mod release_commands;
mod release_history;
mod release_pages;
mod serve;
mod serve_incremental;
mod skips;
mod snapshots;
mod supplement_ids;
mod template_names;
mod unreadable;
mod withdraw;
mod yaml_errors;
