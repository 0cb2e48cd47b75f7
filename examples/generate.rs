//! Writes synthetic inputs for benchmarks:
//! `cargo run --release --example generate -- DIR [DOCS REGIONS LOCALES]`
//! writes a policy project;
//! `cargo run --release --example generate -- --diff-pair DIR KILOBYTES`
//! writes DIR/old.md and DIR/new.md, a policy and a revision of it;
//! `cargo run --release --example generate -- --diff-shape DIR NAME`
//! writes the pair of one of `diff_shapes::NAMES` (a full rewrite, …).

use policyc_testkit::{diff_shapes, synthetic};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--diff-pair") {
        let (Some(dir), Some(kb)) = (
            args.get(1),
            args.get(2).and_then(|k| k.parse::<usize>().ok()),
        ) else {
            eprintln!("usage: generate --diff-pair DIR KILOBYTES");
            std::process::exit(2);
        };
        let old = synthetic::policy_of_size(kb * 1024);
        let new = synthetic::revise(&old);
        let dir = std::path::Path::new(dir);
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join("old.md"), old))
            .and_then(|()| std::fs::write(dir.join("new.md"), new));
        if let Err(e) = written {
            eprintln!("could not write {}: {e}", dir.display());
            std::process::exit(1);
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--diff-shape") {
        let (Some(dir), Some((old, new))) = (
            args.get(1),
            args.get(2).and_then(|n| diff_shapes::by_name(n)),
        ) else {
            eprintln!(
                "usage: generate --diff-shape DIR NAME (NAME: {})",
                diff_shapes::NAMES.join(", ")
            );
            std::process::exit(2);
        };
        let dir = std::path::Path::new(dir);
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join("old.md"), old))
            .and_then(|()| std::fs::write(dir.join("new.md"), new));
        if let Err(e) = written {
            eprintln!("could not write {}: {e}", dir.display());
            std::process::exit(1);
        }
        return;
    }
    let Some(dir) = args.first() else {
        eprintln!("usage: generate DIR [DOCUMENTS REGIONS LOCALES]");
        std::process::exit(2);
    };
    let num =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let shape = synthetic::Shape {
        documents: num(1, 2),
        regions: num(2, 100),
        locales: num(3, 10),
    };
    if let Err(e) = synthetic::generate(std::path::Path::new(dir), shape) {
        eprintln!("could not write {dir}: {e}");
        std::process::exit(1);
    }
}
