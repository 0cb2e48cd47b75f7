//! The CI recipes in `docs/ci/` run here, so that they cannot rot: each
//! workflow's shell steps run with bash in a clone of a temporary git
//! repository holding the example project (a base on `main`, a pull
//! request on `pr`), with the `policyc` under test on PATH.
//!
//! What runs and what does not (documented in `docs/ci/README.md`):
//! - GitHub Actions: every `run:` step of the jobs the event starts (a
//!   job's `if:` is `github.event_name == '<event>'`), in order, stopping
//!   at the first that fails. `uses:` steps are not run: the `path` they
//!   take must exist when the steps before them are done. The step with
//!   `id: install-policyc` is not run (it needs the network). The only
//!   expression given a value is `${{ github.base_ref }}` (`main`); any
//!   other in what runs fails the test.
//! - GitLab CI: every `script:` line of the jobs the pipeline starts (a
//!   job's `rules:` name the merge request event or the default branch),
//!   each in its own bash; `before_script:` (which installs policyc) is
//!   not run. A job's `artifacts: paths` must exist after it. GitLab's
//!   variables are set as a plain merge request pipeline sets them
//!   (`CI_MERGE_REQUEST_DIFF_BASE_SHA`, the merge base), and as a merged
//!   results pipeline does (`CI_MERGE_REQUEST_TARGET_BRANCH_SHA` too).

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_serde::Value;

use crate::support::document_pages;
use crate::support::git::{self, Repo};

const GITHUB: &str = "docs/ci/github-actions.yml";
const GITLAB: &str = "docs/ci/gitlab-ci.yml";

/// The step a recipe installs policyc with; the test provides policyc.
const INSTALL_ID: &str = "install-policyc";

/// The GitHub expressions the test gives a value.
const GITHUB_EXPRESSIONS: [(&str, &str); 1] = [("${{ github.base_ref }}", "main")];

/// The day the steps run on (`SOURCE_DATE_EPOCH`, 2026-12-02), the day
/// after the pull request's release.
const TODAY_EPOCH: &str = "1796169600";
const RELEASE_DAY: &str = "2026-12-01";

const TERMS: &str = "policies/terms/en-US.md";
const TRIAL_OLD: &str = "we send a reminder a few days before it runs out";
const TRIAL_NEW: &str = "we send a reminder three days before it runs out";

/// What the base branch changes after the pull request left it: the
/// terms' "Accepting these Terms" section.
const ACCEPT_OLD: &str = "please do not use {{ product }}";
const ACCEPT_NEW: &str = "please stop using {{ product }}";

/// The privacy policy in English; its `use-not` section is translated.
const PRIVACY: &str = "policies/privacy/en-US.md";
const USE_NOT_OLD: &str = "We do not sell your personal information";
const USE_NOT_NEW: &str = "We never sell your personal information";

/// What started the pipeline.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Event {
    /// A pull (merge) request into `main`.
    PullRequest,
    /// A push to `main`.
    Push,
}

/// One shell step of a job.
#[derive(Debug)]
struct Step {
    name: String,
    script: String,
    env: Vec<(String, String)>,
}

/// The steps of one job the event starts, and the paths that what the
/// test does not run (uploads, comments, artifacts) takes from them.
#[derive(Debug)]
struct Job {
    name: String,
    steps: Vec<Step>,
    outputs: Vec<String>,
    /// Whether the outputs are kept also when a step failed (GitLab's
    /// `artifacts: when: always`).
    outputs_always: bool,
}

/// A step that failed: its name and what it printed.
#[derive(Debug)]
struct Failed {
    step: String,
    output: String,
}

fn recipe(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn parse(text: &str, rel: &str) -> Value {
    yaml_serde::from_str(text).unwrap_or_else(|e| panic!("{rel} is not YAML: {e}"))
}

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// Replaces the expressions the test knows; fails on any other.
fn github_expand(text: &str, what: &str) -> String {
    let mut out = text.to_string();
    for (expression, value) in GITHUB_EXPRESSIONS {
        out = out.replace(expression, value);
    }
    assert!(
        !out.contains("${{"),
        "{what} uses an expression the recipe test gives no value ({text:?}); \
         add it to GITHUB_EXPRESSIONS and to docs/ci/README.md"
    );
    out
}

fn github_env(value: Option<&Value>, what: &str) -> Vec<(String, String)> {
    let Some(map) = value.and_then(Value::as_mapping) else {
        return Vec::new();
    };
    map.iter()
        .map(|(k, v)| {
            let key = k.as_str().expect("an env name").to_string();
            let value = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => panic!("{what}: env {key} is {other:?}"),
            };
            (
                key.clone(),
                github_expand(&value, &format!("{what} env {key}")),
            )
        })
        .collect()
}

/// The jobs of a GitHub Actions workflow that `event` starts.
fn github_jobs(text: &str, event: Event) -> Vec<Job> {
    let workflow = parse(text, GITHUB);
    let shell = workflow
        .get("defaults")
        .and_then(|d| d.get("run"))
        .and_then(|r| str_of(r, "shell"));
    assert_eq!(shell, Some("bash"), "the recipe's steps are bash");
    let workflow_env = github_env(workflow.get("env"), "the workflow");
    let name = match event {
        Event::PullRequest => "pull_request",
        Event::Push => "push",
    };
    let wanted = format!("github.event_name == '{name}'");
    let mut jobs = Vec::new();
    let all = workflow
        .get("jobs")
        .and_then(Value::as_mapping)
        .expect("jobs");
    for (job_name, job) in all {
        let job_name = job_name.as_str().expect("a job name").to_string();
        match str_of(job, "if") {
            Some(condition) if condition != wanted => continue,
            _ => {}
        }
        let mut env = workflow_env.clone();
        env.extend(github_env(job.get("env"), &job_name));
        let mut steps = Vec::new();
        let mut outputs = Vec::new();
        let mut installs = 0;
        for step in job
            .get("steps")
            .and_then(Value::as_sequence)
            .expect("steps")
        {
            let step_name = str_of(step, "name")
                .or(str_of(step, "uses"))
                .unwrap_or("a step")
                .to_string();
            if str_of(step, "uses").is_some() {
                if let Some(path) = step.get("with").and_then(|w| str_of(w, "path")) {
                    // A path to upload or post is one the steps made (the
                    // cache's ~ is not).
                    if !path.starts_with('~') {
                        outputs.push(path.to_string());
                    }
                }
                continue;
            }
            let script = str_of(step, "run")
                .unwrap_or_else(|| panic!("{job_name}: step {step_name} neither runs nor uses"));
            if str_of(step, "id") == Some(INSTALL_ID) {
                assert!(
                    script.contains("cargo install --locked"),
                    "{job_name}: the install step installs policyc"
                );
                installs += 1;
                continue;
            }
            assert!(
                step.get("if").is_none(),
                "{job_name}: the recipe test does not evaluate the `if:` of step {step_name}"
            );
            let mut step_env = env.clone();
            step_env.extend(github_env(step.get("env"), &step_name));
            steps.push(Step {
                script: github_expand(script, &format!("{job_name}: step {step_name}")),
                name: step_name,
                env: step_env,
            });
        }
        assert_eq!(installs, 1, "{job_name} installs policyc once");
        jobs.push(Job {
            name: job_name,
            steps,
            outputs,
            outputs_always: false,
        });
    }
    assert!(!jobs.is_empty(), "no job of {GITHUB} runs on {event:?}");
    jobs
}

/// GitLab's predefined variables as the test sets them (`POLICYC_NOTE_TOKEN`
/// is not set, so no note is posted): those of a plain merge request
/// pipeline, which runs on the branch's head (the base of its diff is the
/// merge base with `main`).
fn gitlab_variables(repo: &Repo, event: Event) -> Vec<(String, String)> {
    let mut vars = vec![
        ("CI_PROJECT_DIR", repo.path().display().to_string()),
        ("CI_DEFAULT_BRANCH", "main".into()),
        ("CI_API_V4_URL", "http://127.0.0.1:9/api/v4".into()),
        ("CI_PROJECT_ID", "1".into()),
    ];
    match event {
        Event::PullRequest => vars.extend([
            ("CI_PIPELINE_SOURCE", "merge_request_event".into()),
            ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main".into()),
            ("CI_MERGE_REQUEST_IID", "1".into()),
            (
                "CI_MERGE_REQUEST_DIFF_BASE_SHA",
                repo.git(&["merge-base", "origin/pr", "origin/main"])
                    .trim()
                    .to_string(),
            ),
        ]),
        Event::Push => vars.extend([
            ("CI_PIPELINE_SOURCE", "push".into()),
            ("CI_COMMIT_BRANCH", "main".into()),
        ]),
    }
    vars.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The jobs of a GitLab CI file that `event` starts.
fn gitlab_jobs(text: &str, event: Event, predefined: &[(String, String)]) -> Vec<Job> {
    let pipeline = parse(text, GITLAB);
    let wanted = match event {
        Event::PullRequest => "$CI_PIPELINE_SOURCE == \"merge_request_event\"",
        Event::Push => "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
    };
    // The file's variables, with the predefined ones they name expanded.
    let mut env: Vec<(String, String)> = predefined.to_vec();
    if let Some(vars) = pipeline.get("variables").and_then(Value::as_mapping) {
        for (k, v) in vars {
            let mut value = v.as_str().expect("a variable's value").to_string();
            for (name, known) in predefined {
                value = value.replace(&format!("${name}"), known);
            }
            env.push((k.as_str().expect("a variable").to_string(), value));
        }
    }
    let reserved = [
        "variables",
        "default",
        "stages",
        "workflow",
        "include",
        "image",
        "services",
        "cache",
    ];
    let mut jobs = Vec::new();
    for (name, job) in pipeline.as_mapping().expect("a mapping") {
        let name = name.as_str().expect("a job name");
        if reserved.contains(&name) || name.starts_with('.') {
            continue;
        }
        let rules = job.get("rules").and_then(Value::as_sequence);
        let starts =
            rules.is_none_or(|rules| rules.iter().any(|r| str_of(r, "if") == Some(wanted)));
        if !starts {
            continue;
        }
        assert!(
            job.get("before_script").is_none(),
            "{name}: a job's own before_script would not run in the recipe test"
        );
        let steps = job
            .get("script")
            .and_then(Value::as_sequence)
            .expect("a script")
            .iter()
            .map(|line| {
                let line = line.as_str().expect("a script line").to_string();
                Step {
                    name: format!("{name}: {}", line.lines().next().unwrap_or_default()),
                    script: line,
                    env: env.clone(),
                }
            })
            .collect();
        let artifacts = job.get("artifacts");
        let outputs = artifacts
            .and_then(|a| a.get("paths"))
            .and_then(Value::as_sequence)
            .map(|paths| {
                paths
                    .iter()
                    .map(|p| p.as_str().expect("a path").to_string())
                    .collect()
            })
            .unwrap_or_default();
        jobs.push(Job {
            name: name.to_string(),
            steps,
            outputs,
            outputs_always: artifacts.and_then(|a| str_of(a, "when")) == Some("always"),
        });
    }
    assert!(!jobs.is_empty(), "no job of {GITLAB} runs on {event:?}");
    jobs
}

/// PATH with the `policyc` under test first.
fn path_with_policyc() -> std::ffi::OsString {
    let bin = crate::support::bin()
        .parent()
        .expect("policyc's folder")
        .to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).expect("a PATH")
}

/// Runs the job's steps in the clone, in order, until one fails; then
/// checks the paths the skipped steps take.
fn run_job(repo: &Repo, job: &Job) -> Result<(), Failed> {
    let mut result = Ok(());
    for step in &job.steps {
        let output = Command::new("bash")
            .args([
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                &step.script,
            ])
            .current_dir(repo.path())
            .env_clear()
            .envs(repo.env())
            .envs(step.env.iter().map(|(k, v)| (k, v)))
            .env("PATH", path_with_policyc())
            .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
            .env("NO_COLOR", "1")
            .env("CI", "true")
            .output()
            .expect("run bash");
        if !output.status.success() {
            result = Err(Failed {
                step: step.name.clone(),
                output: format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            });
            break;
        }
    }
    if result.is_ok() || job.outputs_always {
        for path in &job.outputs {
            assert!(
                repo.join(path).exists(),
                "{}: `{path}` is uploaded or posted, but no step made it",
                job.name
            );
        }
    }
    result
}

#[track_caller]
fn run_all(repo: &Repo, jobs: &[Job]) {
    for job in jobs {
        if let Err(failed) = run_job(repo, job) {
            panic!(
                "{}: step `{}` failed:\n{}",
                job.name, failed.step, failed.output
            );
        }
    }
}

/// Replaces `old` with `new` in the file `rel`.
fn edit(repo: &Repo, rel: &str, old: &str, new: &str) {
    let text = repo.read(rel);
    assert!(text.contains(old), "the example's {rel} changed");
    repo.write(rel, text.replace(old, new));
}

/// Records a release of what changed, on [`RELEASE_DAY`], and commits.
fn release_and_commit(repo: &Repo, message: &str, release: bool) {
    if release {
        let output = repo
            .policyc("")
            .args(["release", "-m", message])
            .args(["--date", RELEASE_DAY, "--today", RELEASE_DAY])
            .output()
            .expect("run policyc release");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    repo.commit_all(message);
}

/// The origin CI clones: `main` holds the released example, `pr` edits
/// the terms' "Free trials" section (and releases it when `release`).
fn origin_with_pr(release: bool) -> Repo {
    origin_with((TERMS, TRIAL_OLD, TRIAL_NEW), release)
}

/// The origin CI clones: `main` holds the released example, `pr` makes
/// `edit` (file, old, new) and releases it when `release`.
fn origin_with((rel, old, new): (&str, &str, &str), release: bool) -> Repo {
    let origin = Repo::new();
    git::copy_example(origin.path());
    origin.write(".gitignore", "/out/\n/public/\n");
    origin.commit_all("Publish the policies");
    origin.git(&["checkout", "--quiet", "-b", "pr"]);
    edit(&origin, rel, old, new);
    release_and_commit(&origin, "Edit a policy", release);
    origin.git(&["checkout", "--quiet", "main"]);
    origin
}

/// A clone of `origin` on `pr`, as CI checks a pull request out.
fn clone_on_pr(origin: &Repo) -> Repo {
    let clone = Repo::clone_of(origin);
    clone.git(&["checkout", "--quiet", "pr"]);
    clone
}

/// The repository CI checks out: `main` holds the released example, `pr`
/// edits the terms' "Free trials" section (and releases it when
/// `release`). Returns the origin and a clone of it on `pr`.
fn pull_request(release: bool) -> (Repo, Repo) {
    let origin = origin_with_pr(release);
    let clone = clone_on_pr(&origin);
    (origin, clone)
}

/// [`pull_request`], after which `main` moved on: it released an edit of
/// the terms' "Accepting these Terms" that `pr` does not have.
fn pull_request_behind_main(release: bool) -> (Repo, Repo) {
    let origin = origin_with_pr(release);
    edit(&origin, TERMS, ACCEPT_OLD, ACCEPT_NEW);
    release_and_commit(&origin, "Plainer words on acceptance", true);
    let clone = clone_on_pr(&origin);
    (origin, clone)
}

/// The pull request merged: a clone on `main`.
fn merged() -> (Repo, Repo) {
    let (origin, _) = pull_request(true);
    origin.git(&["merge", "--quiet", "--ff-only", "pr"]);
    let clone = Repo::clone_of(&origin);
    (origin, clone)
}

fn assert_review_outputs(repo: &Repo) {
    let markdown = repo.read("policy-diff.md");
    assert!(markdown.contains("Free trials"), "{markdown}");
    assert!(markdown.contains("three"), "{markdown}");
    assert!(repo.read("policy-diff.html").contains("<del"));
}

#[test]
fn github_pull_request_steps_check_compare_and_build() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = pull_request(true);
    run_all(&clone, &github_jobs(&recipe(GITHUB), Event::PullRequest));
    assert_review_outputs(&clone);
    assert!(!document_pages(&clone.join("out")).is_empty());
}

#[test]
fn github_pull_request_without_its_release_is_refused_after_the_comment() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = pull_request(false);
    let jobs = github_jobs(&recipe(GITHUB), Event::PullRequest);
    let failed = run_job(&clone, &jobs[0]).expect_err("an unreleased change fails the job");
    assert_eq!(
        failed.step, "Refuse unreleased changes",
        "{}",
        failed.output
    );
    assert!(failed.output.contains("--frozen"), "{}", failed.output);
    // The reviewers have the diff all the same.
    assert_review_outputs(&clone);
}

#[test]
fn github_pull_request_that_drops_the_base_release_is_refused() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = pull_request(false);
    // The branch rewrites history: no release at all, and the edit.
    std::fs::remove_dir_all(clone.join("history")).expect("remove history/");
    clone.commit_all("Start the history again");
    let jobs = github_jobs(&recipe(GITHUB), Event::PullRequest);
    let failed = run_job(&clone, &jobs[0]).expect_err("a lost release fails the job");
    assert_eq!(
        failed.step, "Check that history/ keeps the base branch's releases",
        "{}",
        failed.output
    );
}

#[test]
fn github_push_to_main_builds_the_site_to_publish() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = merged();
    let jobs = github_jobs(&recipe(GITHUB), Event::Push);
    run_all(&clone, &jobs);
    assert!(jobs.iter().any(|j| j.outputs == ["out"]), "{jobs:#?}");
    assert!(clone.join("out/index.html").is_file());
    assert!(!document_pages(&clone.join("out")).is_empty());
}

#[test]
fn a_wrong_command_in_a_recipe_fails_the_recipe_test() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = pull_request(true);
    let text = recipe(GITHUB);
    assert!(text.contains("--format markdown"));
    let broken = text.replace("--format markdown", "--output-format markdown");
    let jobs = github_jobs(&broken, Event::PullRequest);
    let failed = run_job(&clone, &jobs[0]).expect_err("a renamed flag fails its step");
    assert_eq!(failed.step, "Compare with the base branch");
    assert!(
        failed.output.contains("--output-format"),
        "{}",
        failed.output
    );
}

#[test]
fn gitlab_merge_request_script_checks_compares_and_builds() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = pull_request(true);
    let vars = gitlab_variables(&clone, Event::PullRequest);
    let jobs = gitlab_jobs(&recipe(GITLAB), Event::PullRequest, &vars);
    run_all(&clone, &jobs);
    assert_review_outputs(&clone);
}

#[test]
fn gitlab_default_branch_builds_pages_into_public() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = merged();
    let vars = gitlab_variables(&clone, Event::Push);
    let jobs = gitlab_jobs(&recipe(GITLAB), Event::Push, &vars);
    assert_eq!(
        jobs.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(),
        ["pages"]
    );
    run_all(&clone, &jobs);
    let public: PathBuf = clone.join("public");
    assert!(public.join("index.html").is_file());
    assert!(!document_pages(&public).is_empty());
}

/// Whether a review's Markdown shows `main`'s own later change (which the
/// pull request does not make) as one.
fn shows_the_base_branchs_later_change(markdown: &str) -> bool {
    markdown.contains("stop using") || markdown.contains("Accepting these Terms")
}

#[test]
fn gitlab_merge_request_behind_its_target_compares_with_the_merge_base() {
    if !git::available() {
        return;
    }
    // A plain merge request pipeline runs on the branch's head, which
    // lacks what `main` released since the branch left it.
    let (_origin, clone) = pull_request_behind_main(true);
    let vars = gitlab_variables(&clone, Event::PullRequest);
    let jobs = gitlab_jobs(&recipe(GITLAB), Event::PullRequest, &vars);
    // `verify --head` passes: the branch keeps the merge base's releases.
    run_all(&clone, &jobs);
    assert_review_outputs(&clone);
    let markdown = clone.read("policy-diff.md");
    assert!(
        !shows_the_base_branchs_later_change(&markdown),
        "{markdown}"
    );
}

#[test]
fn gitlab_merged_results_pipeline_compares_with_the_target_tip() {
    if !git::available() {
        return;
    }
    // A merged results pipeline runs on the branch merged into `main`'s
    // tip; the branch has not released its edit yet.
    let (_origin, clone) = pull_request_behind_main(false);
    let mut vars = gitlab_variables(&clone, Event::PullRequest);
    clone.git(&["checkout", "--quiet", "--detach", "origin/main"]);
    clone.git(&["merge", "--quiet", "--no-ff", "--no-edit", "origin/pr"]);
    let target = clone.git(&["rev-parse", "origin/main"]).trim().to_string();
    vars.push(("CI_MERGE_REQUEST_TARGET_BRANCH_SHA".into(), target));
    let jobs = gitlab_jobs(&recipe(GITLAB), Event::PullRequest, &vars);
    let failed = run_job(&clone, &jobs[0]).expect_err("the edit is not released");
    assert_eq!(
        failed.step, "review: policyc build --frozen",
        "{}",
        failed.output
    );
    assert_review_outputs(&clone);
    let markdown = clone.read("policy-diff.md");
    assert!(
        !shows_the_base_branchs_later_change(&markdown),
        "{markdown}"
    );
}

/// A pull request that edits a translated section in English only, and
/// releases it: its translations now may lag behind.
fn english_only_edit() -> (Repo, Repo) {
    let origin = origin_with((PRIVACY, USE_NOT_OLD, USE_NOT_NEW), true);
    let clone = clone_on_pr(&origin);
    (origin, clone)
}

#[test]
fn recipes_pass_an_english_only_edit_of_a_translated_section() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = english_only_edit();
    run_all(&clone, &github_jobs(&recipe(GITHUB), Event::PullRequest));
    assert!(clone.read("policy-diff.md").contains("<ins>never</ins>"));
    std::fs::remove_file(clone.join("policy-diff.md")).expect("remove the diff");
    let vars = gitlab_variables(&clone, Event::PullRequest);
    run_all(
        &clone,
        &gitlab_jobs(&recipe(GITLAB), Event::PullRequest, &vars),
    );
    assert!(clone.read("policy-diff.md").contains("<ins>never</ins>"));
}

#[test]
fn a_strict_check_fails_the_job_after_the_diff_is_posted() {
    if !git::available() {
        return;
    }
    let (_origin, clone) = english_only_edit();
    // The documented choice for teams that publish no lagging translation.
    let text = recipe(GITHUB);
    assert!(text.contains("run: policyc check\n"));
    let strict = text.replace("run: policyc check\n", "run: policyc check --strict\n");
    let jobs = github_jobs(&strict, Event::PullRequest);
    let failed = run_job(&clone, &jobs[0]).expect_err("a lagging translation fails");
    assert_eq!(failed.step, "Check the sources", "{}", failed.output);
    assert!(
        failed.output.contains("may lag behind"),
        "{}",
        failed.output
    );
    // The reviewers have the diff and the redline all the same.
    assert!(clone.read("policy-diff.md").contains("<ins>never</ins>"));
    assert!(clone.read("policy-diff.html").contains("<del"));
}

#[test]
fn recipes_install_policyc_from_a_branch_that_exists() {
    // policyc has no tagged release: a recipe pinning a tag would fail at
    // its first run. Both follow `main` until releases are tagged.
    for rel in [GITHUB, GITLAB] {
        let text = recipe(rel);
        let installs: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("cargo install") && !l.trim_start().starts_with('#'))
            .collect();
        assert!(!installs.is_empty(), "{rel} installs policyc");
        for line in installs {
            assert!(
                line.contains("--branch \"$POLICYC_BRANCH\"") && !line.contains("--tag"),
                "{rel}: {line}"
            );
        }
        let branch = parse(&text, rel)
            .get(if rel == GITHUB { "env" } else { "variables" })
            .and_then(|vars| str_of(vars, "POLICYC_BRANCH"))
            .map(str::to_string);
        assert_eq!(branch.as_deref(), Some("main"), "{rel}");
    }
}
