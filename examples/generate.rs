//! Writes a synthetic policy project for benchmarks:
//! `cargo run --release --example generate -- DIR [DOCS REGIONS LOCALES]`.

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
