//! `policyc completions SHELL` and `policyc man`: generated from the
//! command line's definitions, so every command and flag `policyc --help`
//! lists is in them.

use crate::support::policyc;

/// The commands `policyc --help` lists (but `help`).
fn commands() -> Vec<String> {
    let output = policyc()
        .arg("--help")
        .output()
        .expect("run policyc --help");
    let help = String::from_utf8(output.stdout).expect("help is UTF-8");
    let listed: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(listed.len() >= 10, "{help}");
    listed
}

/// The long flags of `policyc COMMAND --help`.
fn flags(command: &str) -> Vec<String> {
    let output = policyc()
        .args([command, "--help"])
        .output()
        .expect("run policyc COMMAND --help");
    let help = String::from_utf8(output.stdout).expect("help is UTF-8");
    // The option lines only (`  -m, --message <TEXT>`), not flags the
    // descriptions mention.
    help.lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == '='))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .filter(|w| !matches!(*w, "--help" | "--version"))
        .map(|w| w.trim_end_matches(['.', ')']).to_string())
        .collect()
}

fn completions(shell: &str) -> String {
    let output = policyc()
        .args(["completions", shell])
        .output()
        .expect("run policyc completions");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).expect("the script is UTF-8")
}

#[test]
fn bash_and_zsh_completions_know_every_command_and_flag() {
    assert!(flags("build").contains(&"--frozen".to_string()));
    assert!(flags("serve").contains(&"--allow-host".to_string()));
    for shell in ["bash", "zsh"] {
        let script = completions(shell);
        for command in commands() {
            assert!(
                script.contains(&command),
                "{shell} completions lack `{command}`"
            );
            for flag in flags(&command) {
                assert!(
                    script.contains(&flag),
                    "{shell} completions lack `{command} {flag}`"
                );
            }
        }
    }
    assert!(completions("zsh").starts_with("#compdef policyc"));
    assert!(completions("bash").contains("complete -F _policyc"));
}

#[test]
fn fish_elvish_and_powershell_get_a_script_too() {
    for shell in ["fish", "elvish", "powershell"] {
        let script = completions(shell);
        for command in ["build", "serve", "completions"] {
            assert!(
                script.contains(command),
                "{shell} completions lack `{command}`"
            );
        }
        assert!(
            script.contains("frozen"),
            "{shell} completions lack --frozen"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_shells() {
    let output = policyc()
        .args(["completions", "tcsh"])
        .output()
        .expect("run policyc completions");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bash, elvish, fish, powershell, zsh"),
        "{stderr}"
    );
}

#[test]
fn the_man_page_lists_every_command() {
    let output = policyc().arg("man").output().expect("run policyc man");
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8(output.stdout).expect("the page is UTF-8");
    assert!(page.contains(".TH policyc 1"), "{page}");
    for command in commands() {
        // roff escapes the hyphen: policyc\-build(1).
        assert!(
            page.contains(&format!("policyc\\-{command}(1)")),
            "policyc.1 lacks `{command}`"
        );
    }
}

#[test]
fn man_out_writes_a_page_per_command_with_its_flags() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("share/man/man1");
    let output = policyc()
        .args(["man", "--out"])
        .arg(&out)
        .output()
        .expect("run policyc man --out");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(out.join("policyc.1").is_file());
    for command in commands() {
        let path = out.join(format!("policyc-{command}.1"));
        let page = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no page for `{command}`: {e}"));
        for flag in flags(&command) {
            let roff = flag.replace('-', "\\-");
            assert!(page.contains(&roff), "policyc-{command}.1 lacks `{flag}`");
        }
    }
    // Nothing else is left there (no temporary files): policyc.1, a page per
    // command and one per subcommand (`policyc-xliff-export.1`).
    let written: Vec<String> = std::fs::read_dir(&out)
        .expect("read the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(
        written
            .iter()
            .all(|n| n.starts_with("policyc") && n.ends_with(".1")),
        "{written:?}"
    );
    let top = written
        .iter()
        .filter(|n| commands().iter().any(|c| **n == format!("policyc-{c}.1")));
    assert_eq!(top.count(), commands().len());
    assert!(written.contains(&"policyc-xliff-export.1".to_string()));
    // Subcommands' pages: policyc.1, a page per command, and one each for
    // `translations ack`, `xliff export` and `xliff import`.
    assert!(written.contains(&"policyc-translations-ack.1".to_string()));
    assert_eq!(written.len(), commands().len() + 4, "{written:?}");
}

#[test]
fn man_out_into_a_file_fails_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "x").expect("write a file");
    let output = policyc()
        .args(["man", "--out"])
        .arg(&file)
        .output()
        .expect("run policyc man --out");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: could not write `") && stderr.contains("notes.txt"),
        "{stderr}"
    );
}
